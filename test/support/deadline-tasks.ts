// A tasks folder for deadline tests: a copy of the frozen sentiment fixture and one
// assignment file with the YAML a test gives, rewritable to change the policy between two starts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fixtureTasksDir } from '../../testkit/sentiment-fixture.js';

export type DeadlineTasks = { dir: string; file: string; write(yaml: string): void };

export function deadlineTasksDir(yaml: string): DeadlineTasks {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-deadline-tasks-'));
  fs.cpSync(path.join(fixtureTasksDir, 'sentiment'), path.join(dir, 'sentiment'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'assignments'));
  const file = path.join(dir, 'assignments', 'course.yaml');
  const write = (text: string) => fs.writeFileSync(file, text);
  write(yaml);
  return { dir, file, write };
}
