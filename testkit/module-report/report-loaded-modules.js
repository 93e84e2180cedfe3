// Preloaded with `node --import` into a child process under test: records the URL of every module
// the process loads into the file named by SANDBOX_MODULE_REPORT, so a test can prove which
// libraries a command never touched. Plain JavaScript so it needs no loader of its own.
import { register } from 'node:module';

const file = process.env.SANDBOX_MODULE_REPORT;
if (file) register('./record-resolved-modules.js', import.meta.url, { data: { file } });
