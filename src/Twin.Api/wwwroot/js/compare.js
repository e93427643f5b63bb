// P(design B outlives design A) from the two forecast distributions of cycles to 80%.
//
// The design model gives each design's median end of life and 80/90/95% intervals, calibrated on
// held-out cells, and they are close to log-normal (intervals symmetric in log cycles). So each
// design's life is taken as log-normal: mu = ln(median), sigma = the mean, over the three
// levels, of (ln upper - ln lower) / (2 z_level). Then ln L_B - ln L_A is normal and
//   P(L_B > L_A) = Phi((mu_B - mu_A) / sqrt(sigma_A^2 + sigma_B^2)).
// This treats the two forecasts' errors as independent. Much of the model's error is shared by
// similar designs (same electrode, same test), so the true probability is further from 0.5 than
// this: read it as a conservative figure. docs/dashboard.md says the same.
const Z = { 0.8: 1.2815515655, 0.9: 1.6448536270, 0.95: 1.9599639845 };

/** Standard normal CDF (Abramowitz & Stegun 7.1.26 erf; |error| < 1.5e-7). */
export function phi(x) {
  const t = 1 / (1 + 0.3275911 * Math.abs(x) / Math.SQRT2);
  const erf = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x / 2);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/** { mu, sigma } of ln(cycles to 80%) from a design forecast. */
export function logNormal(f) {
  const sig = f.eol_intervals.filter((i) => Z[i.level] && i.lower > 0 && i.upper > 0)
    .map((i) => (Math.log(i.upper) - Math.log(i.lower)) / (2 * Z[i.level]));
  const sigma = sig.length ? sig.reduce((a, b) => a + b, 0) / sig.length : (Math.log(f.eol_hi90) - Math.log(f.eol_lo90)) / (2 * Z[0.9]);
  return { mu: Math.log(f.eol_cycles), sigma };
}

export function pOutlives(b, a) {
  const A = logNormal(a), B = logNormal(b);
  const s = Math.hypot(A.sigma, B.sigma);
  return s > 0 ? phi((B.mu - A.mu) / s) : (B.mu > A.mu ? 1 : B.mu < A.mu ? 0 : 0.5);
}
