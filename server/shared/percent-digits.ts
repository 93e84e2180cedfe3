// How many decimals a share of the points policy needs to be printed exactly: 0.125 is "12.5%",
// not "13%" (a student at 12.6% must be able to see they are above the line). Pure: the browser
// (task description, report) and the server agree on it.

/** Fewest decimals (0 to 3) that show `fraction` as a percentage without rounding it. */
export function percentDigits(fraction: number): number {
  const percent = fraction * 100;
  for (let digits = 0; digits < 3; digits++) {
    // Tolerance for binary floating point (0.145 * 100 is 14.499999999999998).
    if (Math.abs(Number(percent.toFixed(digits)) - percent) < 1e-9) return digits;
  }
  return 3;
}
