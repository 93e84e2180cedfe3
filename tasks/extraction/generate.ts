// Regenerates dev.jsonl and test.jsonl for the extraction task, deterministically:
//   npx tsx tasks/extraction/generate.ts
// Each case is a short message (a receipt, a reimbursement request, a chat line) built from a
// hand-written template, a made-up name, a date and an amount of money. The expected answer is
// the JSON object those values were drawn from, so every label is right by construction.
import { caseId, folderOf, isMain, toJsonl, writeFile } from '../_shared/files.js';
import { between, pick, seededRandom, shuffled } from '../../server/shared/seeded-random.js';

const SEED = 20_261_202;
const DEV_COUNT = 24;
const TEST_COUNT = 60;

/** Exactly one person, one date and one amount per template, so the answer is never ambiguous. */
const TEMPLATES = [
  'Hi! {name} here. I paid {amount} for the team lunch on {date}. Could you reimburse me?',
  'Invoice from {name}: {amount}, due by {date}.',
  'Reminder: your renewal of {amount} will be charged on {date}. Questions? Ask {name}.',
  '{name} transferred {amount} to the project account on {date}.',
  'On {date}, {name} booked two concert tickets for {amount} in total.',
  'Can you confirm the refund of {amount} to {name}? It was approved on {date}.',
  'Receipt. Customer: {name}. Date: {date}. Total: {amount}.',
  'Dear all, {name} covered the {amount} deposit for the venue, paid on {date}.',
  '{name} still owes me {amount} for the taxi we shared on {date}.',
  'Expense claim submitted by {name} on {date}: hotel, {amount}.',
  "Got it, I'll send {name} the {amount} for the bike on {date}.",
  'Donation received from {name}: {amount}, dated {date}. Thank you!',
  'Rent for the studio ({amount}) was paid by {name} on {date}.',
  'Please pay {name} {amount} for the catering before {date}.',
];

const FIRST_NAMES = [
  'Amara',
  'Ben',
  'Carmen',
  'Dmitri',
  'Elif',
  'Farah',
  'Gustavo',
  'Hana',
  'Ines',
  'Jonas',
  'Kwame',
  'Leila',
  'Mateo',
  'Nadia',
  'Oscar',
  'Priya',
  'Quentin',
  'Rosa',
  'Samir',
  'Tessa',
  'Uma',
  'Viktor',
  'Wen',
  'Yusuf',
  'Zoe',
];
const LAST_NAMES = [
  'Okafor',
  'Lindqvist',
  'Moreau',
  'Petrov',
  'Yilmaz',
  'Haddad',
  'Ribeiro',
  'Sato',
  'Fischer',
  'Novak',
  'Mensah',
  'Castillo',
  'Kowalski',
  'Nguyen',
  'Brennan',
  'Iyer',
  'Dubois',
  'Alvarez',
  'Khan',
  'Larsen',
  'Chen',
  'Schmidt',
];

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

type Currency = 'USD' | 'EUR' | 'GBP' | 'JPY';
export type Extraction = { name: string; date: string; amount: number; currency: Currency };

/** Unambiguous written dates only (no 03/04/2026, which means two different days). */
function writeDate(year: number, month: number, day: number, random: () => number): string {
  const monthName = MONTHS[month - 1]!;
  const weekday = WEEKDAYS[new Date(Date.UTC(year, month - 1, day)).getUTCDay()]!;
  const iso = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return pick(
    [
      `${monthName} ${day}, ${year}`,
      `${day} ${monthName} ${year}`,
      iso,
      `${monthName.slice(0, 3)} ${day}, ${year}`,
      `${weekday}, ${monthName} ${day}, ${year}`,
    ],
    random,
  );
}

function grouped(value: number, decimals: number): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

function writeAmount(amount: number, currency: Currency, random: () => number): string {
  const decimals = currency === 'JPY' ? 0 : Number.isInteger(amount) && random() < 0.5 ? 0 : 2;
  const number = grouped(amount, decimals);
  const forms: Record<Currency, string[]> = {
    USD: [`$${number}`, `${number} US dollars`, `USD ${number}`],
    EUR: [`€${number}`, `${number} euros`, `EUR ${number}`],
    GBP: [`£${number}`, `${number} pounds`, `GBP ${number}`],
    JPY: [`¥${number}`, `${number} yen`, `JPY ${number}`],
  };
  return pick(forms[currency], random);
}

function drawAmount(currency: Currency, random: () => number): number {
  if (currency === 'JPY') return between(random, 5, 500) * 100;
  // From a coffee to a month's rent, small sums as often as large ones; some whole, most with cents.
  const top = pick([40, 300, 2400], random);
  const cents = random() < 0.3 ? 0 : between(random, 1, 99);
  return between(random, 3, top) + cents / 100;
}

export function generateCases(count: number, seed = SEED): { message: string; expected: Extraction }[] {
  const random = seededRandom(seed);
  const cases: { message: string; expected: Extraction }[] = [];
  const seen = new Set<string>();
  // Templates cycle in a shuffled order so each appears equally often in both splits.
  let order: string[] = [];
  while (cases.length < count) {
    if (order.length === 0) order = shuffled(TEMPLATES, random);
    const template = order.pop()!;
    const name = `${pick(FIRST_NAMES, random)} ${pick(LAST_NAMES, random)}`;
    const year = between(random, 2025, 2026);
    const month = between(random, 1, 12);
    const day = between(random, 1, 28);
    const currency = pick(['USD', 'EUR', 'GBP', 'JPY'] as const, random);
    const amount = drawAmount(currency, random);
    const message = template
      .replace('{name}', name)
      .replace('{date}', writeDate(year, month, day, random))
      .replace('{amount}', writeAmount(amount, currency, random));
    if (seen.has(message) || seen.has(name)) continue;
    seen.add(message);
    seen.add(name);
    const date = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    cases.push({ message, expected: { name, date, amount, currency } });
  }
  return cases;
}

export async function generate(outDir: string): Promise<void> {
  const all = generateCases(DEV_COUNT + TEST_COUNT);
  const rows = (prefix: string, cases: typeof all) => cases.map((c, index) => ({ id: caseId(prefix, index), message: c.message, expected: c.expected }));
  // One pool split afterwards: no name or message can be in both splits.
  writeFile(outDir, 'dev.jsonl', toJsonl(rows('dev', all.slice(0, DEV_COUNT))));
  writeFile(outDir, 'test.jsonl', toJsonl(rows('test', all.slice(DEV_COUNT))));
}

if (isMain(import.meta.url)) {
  await generate(folderOf(import.meta.url));
  console.log(`wrote extraction: ${DEV_COUNT} dev and ${TEST_COUNT} test cases`);
}
