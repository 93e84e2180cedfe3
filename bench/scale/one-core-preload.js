// Preloaded (`node --import`) into the benchmark's grading processes, and inherited by their
// inference-pool members: os.availableParallelism() answers 1, so the pool gives its member one
// onnxruntime thread (memberThreads: cores / members) and one worker keeps one core busy, two
// workers two. No setting names the threads per member; pinning the worker to a core with taskset
// does the same but left a worker stuck behind a neighbour on a shared machine (bench/README.md,
// scale), so the scheduler stays free to place the threads.
import os from 'node:os';

os.availableParallelism = () => 1;
