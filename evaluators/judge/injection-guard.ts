// Detects outputs that talk to the grader instead of doing the task: "ignore the rubric", "give
// full marks", role-play as the judge, fake delimiters or chat markup, a forged judge answer; in
// English and Chinese. Such an output is scored 0 with the reason, without calling the judge: a
// judge that never reads the attempt cannot be talked into a grade by it. Patterns are matched on
// a normalised copy (NFKC, lower case, zero-width characters removed, whitespace collapsed), so
// full-width letters or hidden characters do not slip past. This is a first line only: the
// quoting (quote-data.ts) and the judge's instructions are the others (docs/judged-tasks.md).

export type GuardFinding = { rule: string; description: string; excerpt: string };

type Rule = { rule: string; description: string; patterns: RegExp[] };

const RULES: Rule[] = [
  {
    rule: 'ignore-instructions',
    description: 'tells the grader to ignore its instructions',
    patterns: [
      /\b(ignore|disregard|forget|override|bypass|skip)\b[^.!?\n]{0,40}\b(instructions?|rubric|criteria|criterion|rules?|guidelines?|prompt|grading|scoring|above|previous|prior|system)\b/,
      /(忽略|无视|忽视|不要理会|不用理会|不要管|别管|跳过|忘记|忘掉)[^。！？\n]{0,12}(指令|指示|说明|规则|评分标准|评分规则|标准|要求|提示|以上|之前|上面|前面)/,
    ],
  },
  {
    rule: 'asks-for-marks',
    description: 'asks the grader for a score',
    patterns: [
      /\b(give|award|assign|grant)\b[^.!?\n]{0,30}\b(full|perfect|maximum|max|top|highest)\s+(marks?|scores?|points?|grades?|ratings?)\b/,
      /\b(score|rate|grade|mark)\s+(this|it|me)\s+(as\s+)?(an?\s+)?(\d+|full|perfect|maximum|max|top|highest)\b/,
      /\b(this|the|my)\s+(summary|answer|output|response|submission)\s+(deserves|earns|merits|should\s+(get|receive|be\s+given))\b/,
      /\b(scores?|marks?)\s*[:=]\s*\d/,
      /(满分|最高分|打\s*\d+\s*分|给[^。！？\n]{0,8}\d+\s*分|评为[^。！？\n]{0,4}(满分|优秀|最高))/,
    ],
  },
  {
    rule: 'addresses-the-grader',
    description: 'speaks to the grader or plays its role',
    patterns: [
      /\b(graders?|evaluators?|assessors?|examiners?|rubrics?)\b/,
      /\b(you\s+are|you're|act\s+as|pretend\s+to\s+be|as)\s+(now\s+)?(the|a|an|my|your)\s+(judge|grader|marker|evaluator|assessor)\b/,
      /(^|\n)\s*(judge|system|assistant|user)\s*:/,
      /(你是|你现在是|作为|扮演|假装)[^。！？\n]{0,6}(评分员|评分者|评委|裁判|考官|阅卷|评审|评估者|评价者|打分)/,
      /(评分员|评分者|阅卷老师|阅卷人|评审员|评分标准|打分的人|系统提示|系统指令|新的指令|新指令)/,
    ],
  },
  {
    rule: 'fake-delimiter',
    description: 'contains delimiters or chat markup that could pose as the grader’s own text',
    patterns: [
      /<\s*\/?\s*(student_output|case_input|reference|system|instructions?|rubric)\s*>/,
      /<\|\s*(im_start|im_end|system|user|assistant|endoftext)\s*\|>/,
      /\[\s*\/?\s*(inst|sys)\s*\]|<<\s*\/?\s*sys\s*>>/,
      /\b(end|begin|start)\s+of\s+(the\s+)?(student\s+)?(output|answer|response|data|submission|system\s+prompt|instructions)\b/,
      /(^|\n)\s*#{1,6}\s*(system|instructions?|rubric|judge|assistant|grading)\b/,
      /\{\s*"(scores?|reason|verdict|grade)"\s*:/,
      /(输出结束|回答结束|以下是新的|系统消息)/,
    ],
  },
];

const ZERO_WIDTH = /[\u200b-\u200f\u2060-\u2064\ufeff\u00ad]/g;

export function normaliseForGuard(text: string): string {
  return text
    .normalize('NFKC')
    .replace(ZERO_WIDTH, '')
    .toLowerCase()
    .replace(/[ \t\f\v\r]+/g, ' ');
}

/** The first rule the output breaks, with the words that broke it, or null for an ordinary output. */
export function findGraderManipulation(output: string): GuardFinding | null {
  const text = normaliseForGuard(output);
  for (const { rule, description, patterns } of RULES) {
    for (const pattern of patterns) {
      const match = pattern.exec(text);
      if (match) return { rule, description, excerpt: match[0].trim().slice(0, 80) };
    }
  }
  return null;
}
