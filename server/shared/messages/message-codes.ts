// The stable codes of every sentence the server says to a student, each with the kinds of its
// parameters. The server sends `{ code, params }`; the browser (and the Gradescope writer) render
// it in the student's language, so a code is a contract: rename one only with both catalogues.
// A parameter's kind decides how it is formatted per locale (numbers, percentages, dates).
// Pure and dependency-free: the web bundle imports it as a value.

/** `duration` is milliseconds, written as hours and minutes. */
export type ParamKind = 'text' | 'number' | 'percent' | 'date' | 'duration';

export const MESSAGE_CODES = {
  // ---- limits and budgets -------------------------------------------------------------------
  'limit.rate_per_minute': { limit: 'number', seconds: 'number' },
  'limit.in_flight': { running: 'number', max: 'number' },
  'limit.daily_submissions': { perDay: 'number', task: 'text', resetsAt: 'date' },
  'limit.past_cutoff': { task: 'text', cutoff: 'date' },
  'budget.tokens_used_up': { used: 'number', budget: 'number' },
  'budget.requests_used_up': { used: 'number', budget: 'number' },
  'budget.tokens_not_enough': { estimate: 'number', remaining: 'number', budget: 'number' },
  // ---- images -------------------------------------------------------------------------------
  'image.unreadable': { file: 'text' },
  'image.not_an_image': { file: 'text' },
  'image.unsupported_format': { file: 'text', format: 'text' },
  'image.corrupt': { file: 'text' },
  'image.too_many_pixels': { file: 'text', width: 'number', height: 'number', maxPixels: 'number' },
  'image.too_many_bytes': { file: 'text', bytes: 'number', maxBytes: 'number' },
  'image.not_base64': {},
  'image.empty': {},
  'image.upload_too_big': { megabytes: 'number', max: 'number' },
  'image.must_be_image': {},
  'image_text.retrieval_task': { task: 'text' },
  'image_text.no_labels': {},
  // ---- a program's problems (one code per kind of validation issue, `path` names the field) --
  'program.invalid_type': { path: 'text', expected: 'text' },
  'program.too_small': { path: 'text', minimum: 'number' },
  'program.too_big': { path: 'text', maximum: 'number' },
  'program.invalid_value': { path: 'text', options: 'text' },
  'program.invalid_format': { path: 'text' },
  'program.unknown_keys': { path: 'text', keys: 'text' },
  'program.needs_kind': {},
  'program.invalid_field': { path: 'text' },
  'program.wrong_task': { written: 'text', task: 'text' },
  'program.model_not_allowed': { model: 'text', models: 'text' },
  'program.wrong_kind': { modality: 'text', kind: 'text' },
  'program.input_placeholder': { name: 'text', inputs: 'text' },
  'program.output_placeholder': { placeholder: 'text' },
  'program.too_many_examples': { count: 'number', max: 'number' },
  'program.example_missing_fields': { number: 'number', fields: 'text' },
  'program.example_needs_object': { number: 'number', fields: 'text' },
  'program.max_tokens_over': { maxTokens: 'number', max: 'number' },
  'program.unknown_answer_labels': { labels: 'text', known: 'text' },
  'program.score_choices_missing': { labels: 'text' },
  'program.too_many_templates': { count: 'number', max: 'number' },
  'program.labels_missing': { labels: 'text' },
  'program.labels_extra': { labels: 'text', known: 'text' },
  'program.prompt_too_long': { tokens: 'number', limit: 'number' },
  'program.cannot_score_choices': { model: 'text' },
  'program.needs_text_model': { model: 'text' },
  'program.needs_image_text_model': { model: 'text' },
  'program.model_not_available': { model: 'text' },
  'program.unknown_placeholder': { where: 'text', name: 'text', allowed: 'text' },
  // ---- study format -------------------------------------------------------------------------
  'study.expected_program': { task: 'text', kind: 'text' },
  'study.expected_study': { task: 'text' },
  'study.wrong_task': { task: 'text', written: 'text' },
  'study.in_variant': { variant: 'text' },
  // ---- not found ----------------------------------------------------------------------------
  'not_found.dev_cases': { task: 'text' },
  // The asked id is not echoed: a hidden case's id in a parameter would read like a leak.
  'not_found.dev_case': { task: 'text' },
  'not_found.dev_image': { task: 'text' },
  'not_found.image': { name: 'text' },
  'not_found.task': { task: 'text' },
  'not_found.model': { model: 'text' },
  'not_found.submission': {},
  'not_found.user': { id: 'text' },
  'not_found.staff_member': { id: 'text' },
  'not_found.extension': { id: 'text', task: 'text' },
  'not_found.analysis_job': { id: 'text' },
  'not_found.regrade_job': { id: 'text' },
  'not_found.thing': {},
  // ---- access and the server ----------------------------------------------------------------
  'auth.unauthenticated': {},
  'auth.forbidden': {},
  'auth.too_many_failures': { seconds: 'number' },
  'auth.invalid_token': {},
  'auth.invalid_code': {},
  'auth.cross_origin': {},
  'request.needs_json': {},
  'request.inputs_missing': { missing: 'text', fields: 'text' },
  'model.unavailable': {},
  'provider.rate_limited': {},
  'provider.failed': {},
  'provider.unreachable': {},
  'server.internal': {},
  'server.storage_unavailable': {},
  // ---- notes under a case's score (the rubric judge) -------------------------------------------
  'judge.not_your_fault': {},
  'judge.output_empty': {},
  // ---- a submission that could not be graded ---------------------------------------------------
  'grading.failed_infrastructure': {},
  'grading.failed_hidden_detail': {},
  // ---- study completeness checks (one line each in the checklist and the report) -------------
  'check.variants_exact': { count: 'number', min: 'number' },
  'check.variants_range': { count: 'number', min: 'number', max: 'number' },
  'check.same_model': { model: 'text' },
  'check.same_model_failed': { models: 'text' },
  'check.same_program': {},
  'check.same_program_failed': {},
  'check.role': { role: 'text', model: 'text' },
  'check.role_missing': { role: 'text', models: 'text' },
  'check.role_wrong_model': { role: 'text', models: 'text', model: 'text' },
  'check.pair': { a: 'text', b: 'text', first: 'text', second: 'text' },
  'check.pair_missing': { a: 'text', b: 'text', options: 'text' },
  'check.pair_wrong': { a: 'text', b: 'text', options: 'text', first: 'text', second: 'text' },
  'check.reflection': { words: 'number', min: 'number' },
  'check.variant_ran': { variant: 'text', total: 'number' },
  'check.variant_failed': { variant: 'text' },
  // ---- Gradescope output (results.json, read by the student) ---------------------------------
  'gradescope.summary_test': { task: 'text', version: 'text', model: 'text', total: 'number' },
  'gradescope.summary_dev': { task: 'text', version: 'text', model: 'text', total: 'number' },
  'gradescope.metric': { aggregate: 'text', metric: 'percent', points: 'number', maxPoints: 'number', baseline: 'percent', target: 'percent' },
  'gradescope.right': { correct: 'number', total: 'number' },
  'gradescope.study_metric': { best: 'text', aggregate: 'text', metric: 'percent', passed: 'number', checks: 'number', points: 'number', maxPoints: 'number' },
  'gradescope.study_right': { correct: 'number', total: 'number' },
  'gradescope.case_errors': { count: 'number' },
  'gradescope.reflection': { words: 'number' },
  'gradescope.late': { after: 'duration', due: 'date', penalty: 'number', points: 'number', final: 'number' },
  'gradescope.grace': { after: 'duration', due: 'date' },
  'gradescope.test_overall': { aggregate: 'text' },
  'gradescope.test_evaluator': { name: 'text' },
  'gradescope.test_variant': { variant: 'text', model: 'text' },
  'gradescope.evaluator_none': { name: 'text' },
  'gradescope.evaluator_mean': { mean: 'percent', passed: 'number', total: 'number', weight: 'number' },
  'gradescope.evaluator_mean_unscorable': { mean: 'percent', passed: 'number', total: 'number', weight: 'number', unscorable: 'number' },
  'gradescope.variant_metric': { metric: 'percent', correct: 'number', total: 'number' },
  'gradescope.variant_failed': { variant: 'text' },
  'gradescope.not_graded': {},
  'gradescope.fix_and_resubmit': {},
} as const satisfies Record<string, Record<string, ParamKind>>;

export type MessageCode = keyof typeof MESSAGE_CODES;
type ValueOf<K extends ParamKind> = K extends 'text' ? string : K extends 'date' ? string : number;
/** The parameters of a code: text and dates (ISO strings) as strings, numbers and shares as numbers. */
export type ParamsOf<C extends MessageCode> = { [P in keyof (typeof MESSAGE_CODES)[C]]: ValueOf<(typeof MESSAGE_CODES)[C][P] & ParamKind> };

export const MESSAGE_CODE_LIST = Object.keys(MESSAGE_CODES) as MessageCode[];

export function isMessageCode(code: string): code is MessageCode {
  return Object.hasOwn(MESSAGE_CODES, code);
}
