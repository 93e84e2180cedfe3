// Staff-written text in the student's language over HTTP: `?lang=` (validated) or else the saved
// preference; text missing in that language comes in English and the response says so.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSandbox, type Person, type TestSandbox } from '../../testkit/sandbox-app.js';
import { fixtureTasksDir } from '../../testkit/sentiment-fixture.js';
import { shippedTasksDir } from '../tasks/shipped-tasks.js';

// No model is called here: an address where nothing listens is enough.
const nowhere = { baseURL: 'http://127.0.0.1:9/v1', apiKey: 'k-unused' };
let shipped: TestSandbox;
let fixtures: TestSandbox;
let student: Person;
let fixtureStudent: Person;
let englishOnlyDir: string;

beforeAll(async () => {
  shipped = await createTestSandbox({ ...nowhere, tasksDir: shippedTasksDir, startQueue: false });
  // The frozen fixture tasks (no Chinese anywhere) with an assignment written in English only.
  englishOnlyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'english-only-tasks-'));
  fs.cpSync(fixtureTasksDir, englishOnlyDir, { recursive: true });
  fs.mkdirSync(path.join(englishOnlyDir, 'assignments'));
  fs.writeFileSync(
    path.join(englishOnlyDir, 'assignments/course.yaml'),
    'id: course\ntitle: Course\ndescription: Prompt models.\ntasks:\n  - { task: sentiment }\n',
  );
  fixtures = await createTestSandbox({ ...nowhere, tasksDir: englishOnlyDir, startQueue: false });
  student = shipped.student('Lin Huiyin');
  fixtureStudent = fixtures.student('Qian Xuesen');
});
afterAll(async () => {
  await shipped.stop();
  await fixtures.stop();
  fs.rmSync(englishOnlyDir, { recursive: true, force: true });
});

describe('a task in the student’s language', () => {
  it('serves the Chinese title, description and label names with ?lang=zh-CN', async () => {
    const response = await request(shipped.app).get('/api/tasks/sentiment?lang=zh-CN').set(student.auth).expect(200);
    const { task } = response.body;
    expect(task.title).toBe('短评情感分类');
    expect(task.description).toMatch(/^# 短评情感分类/);
    expect(task.descriptionLocale).toBe('zh-CN');
    expect(task.fields.labels).toEqual(['positive', 'negative']);
    expect(task.fields.labelNames).toEqual({ positive: '正面', negative: '负面' });
  });

  it('serves English with ?lang=en', async () => {
    const { task } = (await request(shipped.app).get('/api/tasks/sentiment?lang=en').set(student.auth).expect(200)).body;
    expect(task).toMatchObject({ title: 'Sentiment of short reviews', descriptionLocale: 'en', fields: { labelNames: { positive: 'positive' } } });
    expect(task.description).toMatch(/^# Sentiment of short reviews/);
  });

  it('serves a study’s role names and reflection question in Chinese, keeping the names variants must carry', async () => {
    const { task } = (await request(shipped.app).get('/api/tasks/model-comparison?lang=zh-CN').set(student.auth).expect(200)).body;
    expect(task.study.roles[0]).toMatchObject({ name: 'small', displayName: '小模型', description: '同一系列中较小的模型' });
    expect(task.study.roles.map((role: { name: string }) => role.name)).toEqual(['small', 'larger', 'base', 'instruction-tuned']);
    expect(task.study.reflection.prompt).toMatch(/指令微调/);
  });

  it('follows the saved preference when no language is named', async () => {
    const english = (await request(shipped.app).get('/api/tasks/nli').set(student.auth).expect(200)).body.task;
    expect(english.title).toBe('Natural language inference');
    await request(shipped.app).put('/api/me/preferences').set(student.auth).send({ locale: 'zh-CN' }).expect(200);
    const chinese = (await request(shipped.app).get('/api/tasks/nli').set(student.auth).expect(200)).body.task;
    expect(chinese).toMatchObject({ title: '自然语言推理', descriptionLocale: 'zh-CN' });
    // ?lang= wins over the preference (the page may have switched before the preference was saved).
    expect((await request(shipped.app).get('/api/tasks/nli?lang=en').set(student.auth).expect(200)).body.task.title).toBe('Natural language inference');
    await request(shipped.app).put('/api/me/preferences').set(student.auth).send({ locale: 'en' }).expect(200);
  });

  it('refuses a language the sandbox does not offer with a 400 naming the parameter', async () => {
    const response = await request(shipped.app).get('/api/tasks/sentiment?lang=fr').set(student.auth).expect(400);
    expect(response.body.error.message).toMatch(/^query\.lang: /);
    await request(shipped.app).get('/api/assignments?lang=zh').set(student.auth).expect(400);
  });

  it('falls back to English, marked, for a task without a Chinese description', async () => {
    const { task } = (await request(fixtures.app).get('/api/tasks/sentiment?lang=zh-CN').set(fixtureStudent.auth).expect(200)).body;
    expect(task).toMatchObject({ title: 'Sentiment of short reviews', descriptionLocale: 'en' });
    expect(task.description).toMatch(/^# Sentiment of short reviews/);
  });
});

describe('the assignments in the student’s language', () => {
  it('serve the Chinese title, introduction and task titles', async () => {
    const { assignments } = (await request(shipped.app).get('/api/assignments?lang=zh-CN').set(student.auth).expect(200)).body;
    const early = assignments.find((a: { id: string }) => a.id === 'early-assignment');
    expect(early).toMatchObject({ title: '早期作业：给基础模型写提示词', descriptionLocale: 'zh-CN' });
    expect(early.description).toMatch(/提示程序/);
    expect(early.tasks.find((t: { taskId: string }) => t.taskId === 'flags').title).toBe('世界各国国旗');
    const list = (await request(shipped.app).get('/api/tasks?lang=zh-CN').set(student.auth).expect(200)).body.tasks;
    expect(list.find((t: { id: string }) => t.id === 'emoji').title).toBe('表情符号的零样本分类');
  });

  it('fall back to English, marked, where an assignment has no Chinese introduction', async () => {
    const { assignments } = (await request(fixtures.app).get('/api/assignments?lang=zh-CN').set(fixtureStudent.auth).expect(200)).body;
    expect(assignments[0]).toMatchObject({ id: 'course', title: 'Course', description: 'Prompt models.', descriptionLocale: 'en' });
    expect(assignments[0].tasks[0]).toMatchObject({ taskId: 'sentiment', title: 'Sentiment of short reviews' });
  });
});
