//! The statistics: summaries, standardised differences, Welch's difference
//! in means with a Student-t confidence interval, its post-stratified
//! counterpart, two-sided p-values with Holm's adjustment, the quantiles
//! and distribution functions they need, and normal draws for simulation.
//!
//! Everything here is textbook and small enough to check by hand; the tests
//! compare with tabulated values. No other module does float arithmetic.
#![allow(clippy::float_arithmetic)] // Statistics need real numbers; money and scores stay integers elsewhere.

use serde::Serialize;

use crate::rng::Rng;

/// Count, mean and sample standard deviation (divisor n − 1) of a group.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Summary {
    pub n: u32,
    #[serde(rename = "gemiddelde")]
    pub mean: f64,
    #[serde(rename = "standaardafwijking")]
    pub sd: f64,
}

/// A difference in means of a treatment arm and the control arm.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Effect {
    /// Mean of the arm minus mean of the control arm.
    #[serde(rename = "verschil")]
    pub difference: f64,
    /// Welch's standard error √(s₁²/n₁ + s₂²/n₂).
    #[serde(rename = "standaardfout")]
    pub standard_error: f64,
    /// Welch–Satterthwaite degrees of freedom.
    #[serde(rename = "vrijheidsgraden")]
    pub df: f64,
    #[serde(rename = "ondergrens")]
    pub ci_low: f64,
    #[serde(rename = "bovengrens")]
    pub ci_high: f64,
}

impl Effect {
    /// The interval's width, upper minus lower bound.
    pub fn width(&self) -> f64 {
        self.ci_high - self.ci_low
    }
}

impl StratifiedEstimate {
    /// The interval's width, upper minus lower bound.
    pub fn width(&self) -> f64 {
        self.ci_high - self.ci_low
    }
}

/// A confidence level in percent as a fraction (95 → 0.95).
pub fn level(percent: u8) -> f64 {
    f64::from(percent) / 100.0
}

/// An integer value in its reported unit (`v / divisor`).
pub fn to_unit(v: i64, divisor: i64) -> f64 {
    v as f64 / divisor as f64
}

/// Mean and SD by the two-pass formula (exact enough for any n we allow).
/// `None` for fewer than two values: there is no SD of one value.
pub fn summarise(values: &[f64]) -> Option<Summary> {
    let n = u32::try_from(values.len()).ok()?;
    if n < 2 {
        return None;
    }
    let nf = f64::from(n);
    let mean = values.iter().sum::<f64>() / nf;
    let ss: f64 = values.iter().map(|v| (v - mean) * (v - mean)).sum();
    Some(Summary { n, mean, sd: (ss / (nf - 1.0)).sqrt() })
}

/// Standardised difference (mean₁ − mean₀) / √((s₁² + s₀²)/2), the usual
/// balance measure (Austin 2009); |d| above 0.1 is commonly read as a
/// noticeable imbalance. `None` when both SDs are 0 and the means differ.
pub fn standardised_difference(arm: &Summary, control: &Summary) -> Option<f64> {
    let pooled = ((arm.sd * arm.sd + control.sd * control.sd) / 2.0).sqrt();
    let diff = arm.mean - control.mean;
    if pooled > 0.0 {
        Some(diff / pooled)
    } else if diff == 0.0 {
        Some(0.0)
    } else {
        None
    }
}

/// Welch's difference in means with a two-sided `level` confidence interval
/// (`level` 0.95 for 95 %): difference ± t(1 − (1 − level)/2, ν) × SE, with
/// the Welch–Satterthwaite ν. `None` when a group has fewer than 2 values.
pub fn welch(arm: &Summary, control: &Summary, level: f64) -> Option<Effect> {
    if arm.n < 2 || control.n < 2 || !(level > 0.0 && level < 1.0) {
        return None;
    }
    let (n1, n0) = (f64::from(arm.n), f64::from(control.n));
    let v1 = arm.sd * arm.sd / n1;
    let v0 = control.sd * control.sd / n0;
    let se = (v1 + v0).sqrt();
    let denom = v1 * v1 / (n1 - 1.0) + v0 * v0 / (n0 - 1.0);
    let df = if denom > 0.0 { (v1 + v0) * (v1 + v0) / denom } else { n1 + n0 - 2.0 };
    let q = t_quantile(1.0 - (1.0 - level) / 2.0, df);
    let difference = arm.mean - control.mean;
    Some(Effect { difference, standard_error: se, df, ci_low: difference - q * se, ci_high: difference + q * se })
}

/// A difference in means of a treatment arm and the control arm, adjusted
/// for the strata of the randomisation (see [`post_stratified`]).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct StratifiedEstimate {
    /// Σ w_s (ȳ₁ₛ − ȳ₀ₛ).
    #[serde(rename = "verschil")]
    pub difference: f64,
    /// √(Σ w_s² (s₁ₛ²/n₁ₛ + s₀ₛ²/n₀ₛ)).
    #[serde(rename = "standaardfout")]
    pub standard_error: f64,
    /// Satterthwaite degrees of freedom of that variance.
    #[serde(rename = "vrijheidsgraden")]
    pub df: f64,
    #[serde(rename = "ondergrens")]
    pub ci_low: f64,
    #[serde(rename = "bovengrens")]
    pub ci_high: f64,
    /// Strata that entered the estimate.
    #[serde(rename = "strata_gebruikt")]
    pub strata_used: u32,
}

/// The post-stratified difference in means over strata `(arm, control)`:
/// Σ w_s (ȳ₁ₛ − ȳ₀ₛ) with w_s = (n₁ₛ + n₀ₛ) / Σ (n₁ + n₀), variance
/// Σ w_s² (s₁ₛ²/n₁ₛ + s₀ₛ²/n₀ₛ), and the interval difference ± t(1 − (1 −
/// level)/2, ν) × SE.
///
/// ν is Satterthwaite's (1946) approximation for a linear combination of
/// independent sample variances, the same rule Welch's ν follows (with one
/// stratum it *is* Welch's ν): with c = w_s²/n for each group and variance
/// V = Σ c s², ν = V² / Σ (c s²)² / (n − 1). The normal quantile would
/// ignore that each stratum's variance comes from a handful of people and
/// cover too little when strata are small; ν grows with the strata and the
/// interval tends to the normal one. The weights are treated as fixed (the
/// observed stratum sizes), as usual for post-stratification.
///
/// Strata where a group has fewer than 2 values are skipped (they have no
/// SD); `None` when no stratum is left or `level` is not in (0, 1).
pub fn post_stratified(strata: &[(Summary, Summary)], level: f64) -> Option<StratifiedEstimate> {
    if !(level > 0.0 && level < 1.0) {
        return None;
    }
    let used: Vec<&(Summary, Summary)> = strata.iter().filter(|(a, c)| a.n >= 2 && c.n >= 2).collect();
    if used.is_empty() {
        return None;
    }
    let total: f64 = used.iter().map(|(a, c)| f64::from(a.n) + f64::from(c.n)).sum();
    let (mut difference, mut variance, mut denom, mut dof_sum) = (0.0, 0.0, 0.0, 0.0);
    for (a, c) in &used {
        let w = (f64::from(a.n) + f64::from(c.n)) / total;
        difference += w * (a.mean - c.mean);
        for g in [a, c] {
            let n = f64::from(g.n);
            let part = w * w * g.sd * g.sd / n;
            variance += part;
            denom += part * part / (n - 1.0);
            dof_sum += n - 1.0;
        }
    }
    let df = if denom > 0.0 { variance * variance / denom } else { dof_sum };
    let se = variance.sqrt();
    let q = t_quantile(1.0 - (1.0 - level) / 2.0, df);
    Some(StratifiedEstimate {
        difference,
        standard_error: se,
        df,
        ci_low: difference - q * se,
        ci_high: difference + q * se,
        strata_used: u32::try_from(used.len()).unwrap_or(u32::MAX),
    })
}

/// The two-sided p-value of a t statistic with `df` degrees of freedom:
/// 2 · P(T ≤ −|t|). NaN for a NaN input or `df` ≤ 0.
pub fn two_sided_p(t: f64, df: f64) -> f64 {
    if t.is_nan() || df.is_nan() || df <= 0.0 {
        return f64::NAN;
    }
    (2.0 * t_cdf(-t.abs(), df)).min(1.0)
}

/// The two-sided p-value of Welch's test for an effect: the t statistic
/// difference / SE on the Welch–Satterthwaite ν of the effect, so that p <
/// 1 − level exactly when the `level` interval of [`welch`] excludes 0.
/// With SE 0 (both groups without spread): 1 for no difference, else 0.
pub fn welch_p(e: &Effect) -> f64 {
    if e.standard_error > 0.0 {
        two_sided_p(e.difference / e.standard_error, e.df)
    } else if e.difference == 0.0 {
        1.0
    } else {
        0.0
    }
}

/// Holm's (1979) step-down adjustment of p-values, in the input order:
/// sort ascending, multiply the i-th smallest (i from 0) by m − i, carry
/// the running maximum so the order is kept, cap at 1. Rejecting every
/// hypothesis with adjusted p below α keeps the chance of even one false
/// "effect" among all m at most α, whatever their dependence.
pub fn holm(p: &[f64]) -> Vec<f64> {
    let m = p.len();
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|a, b| p[*a].total_cmp(&p[*b]));
    let mut out = vec![0.0; m];
    let mut running: f64 = 0.0;
    for (i, idx) in order.into_iter().enumerate() {
        let factor = f64::from(u32::try_from(m - i).unwrap_or(u32::MAX));
        running = running.max((factor * p[idx]).min(1.0));
        out[idx] = running;
    }
    out
}

/// The standard normal quantile by Acklam's rational approximation
/// (relative error below 1.15 × 10⁻⁹). `p` outside (0, 1) gives ±∞ or NaN.
pub fn normal_quantile(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] =
        [7.784_695_709_041_462e-3, 3.224_671_290_700_398e-1, 2.445_134_137_142_996, 3.754_408_661_907_416];
    const P_LOW: f64 = 0.02425;
    if p.is_nan() || !(0.0..=1.0).contains(&p) {
        return f64::NAN;
    }
    if p == 0.0 {
        return f64::NEG_INFINITY;
    }
    if p == 1.0 {
        return f64::INFINITY;
    }
    let tail = |q: f64| {
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    };
    if p < P_LOW {
        tail((-2.0 * p.ln()).sqrt())
    } else if p > 1.0 - P_LOW {
        -tail((-2.0 * (1.0 - p).ln()).sqrt())
    } else {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    }
}

/// ln Γ(x) for x > 0 by the Lanczos approximation (g = 7, n = 9; about 15
/// significant digits).
pub fn ln_gamma(x: f64) -> f64 {
    const G: f64 = 7.0;
    const P: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        // Γ(x) = Γ(x + 1) / x keeps the series in its accurate range.
        return ln_gamma(x + 1.0) - x.ln();
    }
    let x = x - 1.0;
    let mut a = P[0];
    let t = x + G + 0.5;
    for (i, p) in P.iter().enumerate().skip(1) {
        a += p / (x + f64::from(u8::try_from(i).unwrap_or(0)));
    }
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + a.ln()
}

/// The regularised incomplete beta function I_x(a, b), by the continued
/// fraction of Numerical Recipes (§6.4) with Lentz's method.
pub fn incomplete_beta(a: f64, b: f64, x: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let front = (ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b) + a * x.ln() + b * (1.0 - x).ln()).exp();
    if x < (a + 1.0) / (a + b + 2.0) {
        front * beta_fraction(a, b, x) / a
    } else {
        1.0 - front * beta_fraction(b, a, 1.0 - x) / b
    }
}

fn beta_fraction(a: f64, b: f64, x: f64) -> f64 {
    const TINY: f64 = 1e-300;
    let fix = |v: f64| if v.abs() < TINY { TINY } else { v };
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = 1.0 / fix(1.0 - qab * x / qap);
    let mut h = d;
    for m in 1..=300u32 {
        let m = f64::from(m);
        let m2 = 2.0 * m;
        let aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 / fix(1.0 + aa * d);
        c = fix(1.0 + aa / c);
        h *= d * c;
        let aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 / fix(1.0 + aa * d);
        c = fix(1.0 + aa / c);
        let del = d * c;
        h *= del;
        if (del - 1.0).abs() < 1e-15 {
            break;
        }
    }
    h
}

/// P(T ≤ t) for Student's t with `df` (any positive real) degrees of freedom.
pub fn t_cdf(t: f64, df: f64) -> f64 {
    let tail = 0.5 * incomplete_beta(df / 2.0, 0.5, df / (df + t * t));
    if t >= 0.0 { 1.0 - tail } else { tail }
}

/// The `p` quantile of Student's t with `df` degrees of freedom, by
/// bisection on [`t_cdf`] to 10⁻¹² (exact to the digits any table gives).
/// Above 10⁷ degrees of freedom the normal quantile is used.
pub fn t_quantile(p: f64, df: f64) -> f64 {
    if !(p > 0.0 && p < 1.0) || df.is_nan() || df <= 0.0 {
        return f64::NAN;
    }
    if df > 1e7 {
        return normal_quantile(p);
    }
    if p < 0.5 {
        return -t_quantile(1.0 - p, df);
    }
    let mut hi = 1.0;
    while t_cdf(hi, df) < p && hi < 1e12 {
        hi *= 2.0;
    }
    let mut lo = 0.0;
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if t_cdf(mid, df) < p {
            lo = mid;
        } else {
            hi = mid;
        }
        if hi - lo < 1e-12 {
            break;
        }
    }
    0.5 * (lo + hi)
}

/// A uniform draw in (0, 1]: the top 53 bits of the stream, plus one.
pub fn unit(rng: &mut Rng) -> f64 {
    ((rng.next_u64() >> 11) + 1) as f64 / 9_007_199_254_740_992.0
}

/// A standard normal draw by Box–Muller (the cosine half): √(−2 ln u₁) ·
/// cos(2π u₂). Uses two uniforms per draw, so the stream position after n
/// draws is fixed.
pub fn normal(rng: &mut Rng) -> f64 {
    let u1 = unit(rng);
    let u2 = unit(rng);
    (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    #[test]
    fn normal_quantile_matches_the_table() {
        // Tabulated standard normal quantiles (e.g. NIST/SEMATECH handbook,
        // to the digits given there and beyond).
        assert!(close(normal_quantile(0.975), 1.959_963_984_540_054, 1e-8));
        assert!(close(normal_quantile(0.995), 2.575_829_303_548_901, 1e-8));
        assert!(close(normal_quantile(0.95), 1.644_853_626_951_472, 1e-8));
        assert!(close(normal_quantile(0.5), 0.0, 1e-12));
        assert!(close(normal_quantile(0.025), -1.959_963_984_540_054, 1e-8));
        assert!(close(normal_quantile(0.001), -3.090_232_306_167_813, 1e-7));
    }

    #[test]
    fn t_quantile_matches_the_table() {
        // t(0.975, ν) from any statistics table (6 decimals).
        for (df, t) in [
            (1.0, 12.706_205),
            (2.0, 4.302_653),
            (4.0, 2.776_445),
            (10.0, 2.228_139),
            (30.0, 2.042_272),
            (120.0, 1.979_930),
        ] {
            let q = t_quantile(0.975, df);
            assert!(close(q, t, 1e-6), "df {df}: {q} against {t}");
        }
        // t(0.995, 20) = 2.845340; large ν tends to the normal quantile.
        assert!(close(t_quantile(0.995, 20.0), 2.845_340, 1e-6));
        assert!(close(t_quantile(0.975, 1e6), 1.959_966, 1e-5));
        assert!(close(t_quantile(0.025, 10.0), -2.228_139, 1e-6));
        assert!(close(ln_gamma(0.5), std::f64::consts::PI.sqrt().ln(), 1e-13));
        assert!(close(ln_gamma(10.0), 362_880.0_f64.ln(), 1e-12));
    }

    #[test]
    fn welch_matches_a_hand_computed_example() {
        // Wikipedia, "Welch's t-test", example 1 (A1 and A2, 15 values each):
        // t = −2.46 (here: arm A1 minus control A2 over the SE), ν ≈ 24.9.
        // Hand computation: mean A1 = 20.82, mean A2 = 22.98667,
        // s²(A1) = 7.867429, s²(A2) = 3.812667; SE = √((s1² + s2²)/15)
        // = 0.882425, t = −2.166667/0.882425 = −2.4554, ν = 24.99.
        let a1 = [27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4];
        let a2 = [27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4];
        let (s1, s2) = (summarise(&a1).expect("15 values"), summarise(&a2).expect("15 values"));
        assert!(close(s1.mean, 20.82, 1e-12));
        assert!(close(s2.mean, 22.986_666_666_666_667, 1e-12));
        let e = welch(&s1, &s2, 0.95).expect("two groups");
        let se_hand = ((s1.sd * s1.sd + s2.sd * s2.sd) / 15.0).sqrt();
        assert!(close(e.standard_error, se_hand, 1e-12));
        assert!(close(e.standard_error, 0.882_425, 1e-6), "{}", e.standard_error);
        assert!(close(e.difference / e.standard_error, -2.46, 0.01));
        assert!(close(e.df, 24.988_529, 1e-5), "{}", e.df);
        // The interval is difference ± t(0.975, ν) · SE and excludes 0 (p ≈ 0.021).
        let q = t_quantile(0.975, e.df);
        assert!(close(e.ci_high - e.difference, q * e.standard_error, 1e-12));
        assert!(e.ci_high < 0.0);

        // A tiny case to do fully by hand: {1, 2, 3} against {2, 4, 6}.
        // Means 2 and 4, variances 1 and 4, SE = √(1/3 + 4/3) = √(5/3) = 1.290994,
        // ν = (5/3)² / ((1/3)²/2 + (4/3)²/2) = (25/9) / (17/18) = 50/17 = 2.941176.
        let e = welch(&summarise(&[1.0, 2.0, 3.0]).expect("3"), &summarise(&[2.0, 4.0, 6.0]).expect("3"), 0.95)
            .expect("two groups");
        assert!(close(e.difference, -2.0, 1e-12));
        assert!(close(e.standard_error, (5.0_f64 / 3.0).sqrt(), 1e-12));
        assert!(close(e.df, 50.0 / 17.0, 1e-12));
    }

    #[test]
    fn t_cdf_and_p_values_match_the_table() {
        // Two-sided p of t = 2.0 on 10 df: 0.073388 (R: 2 * pt(-2, 10) = 0.07338803).
        assert!(close(two_sided_p(2.0, 10.0), 0.073_388_03, 1e-7), "{}", two_sided_p(2.0, 10.0));
        assert!(close(two_sided_p(-2.0, 10.0), 0.073_388_03, 1e-7));
        // t = 1.96 on 10⁶ df is nearly normal: 2 (1 − Φ(1.96)) = 0.0499958.
        assert!(close(two_sided_p(1.96, 1e6), 0.049_995_8, 1e-5), "{}", two_sided_p(1.96, 1e6));
        // P(T ≤ 2.228139) = 0.975 on 10 df (the table's quantile), 1 df is Cauchy: P(T ≤ 1) = 0.75.
        assert!(close(t_cdf(2.228_139, 10.0), 0.975, 1e-7));
        assert!(close(t_cdf(1.0, 1.0), 0.75, 1e-12));
        assert!(close(t_cdf(0.0, 3.0), 0.5, 1e-12));
        assert!(close(two_sided_p(0.0, 3.0), 1.0, 1e-12));
        assert!(two_sided_p(f64::NAN, 3.0).is_nan() && two_sided_p(1.0, 0.0).is_nan());
        // The quantile and the distribution function are each other's inverse.
        for df in [1.5, 4.0, 24.99, 300.0] {
            for p in [0.6, 0.9, 0.975, 0.995] {
                assert!(close(t_cdf(t_quantile(p, df), df), p, 1e-10), "df {df}, p {p}");
            }
        }
    }

    #[test]
    fn holm_matches_a_hand_computed_vector() {
        // Sorted: 0.005 × 4 = 0.02, 0.01 × 3 = 0.03, 0.03 × 2 = 0.06, 0.04 × 1 = 0.04 → max 0.06.
        // (R: p.adjust(c(0.01, 0.04, 0.03, 0.005), "holm") = 0.03 0.06 0.06 0.02.)
        let adjusted = holm(&[0.01, 0.04, 0.03, 0.005]);
        for (a, b) in adjusted.iter().zip([0.03, 0.06, 0.06, 0.02]) {
            assert!(close(*a, b, 1e-15), "{adjusted:?}");
        }
        // Capped at 1; one p-value is left alone; none gives none.
        assert_eq!(holm(&[0.5, 0.6, 0.9]), vec![1.0, 1.0, 1.0]);
        assert_eq!(holm(&[0.02]), vec![0.02]);
        assert!(holm(&[]).is_empty());
    }

    proptest::proptest! {
        /// Holm never lowers a p-value, keeps their order, stays within
        /// [0, 1], and is never above Bonferroni (m · p).
        #[test]
        fn holm_is_monotone(p in proptest::collection::vec(0.0f64..=1.0, 0..40)) {
            let a = holm(&p);
            let m = p.len() as f64;
            for i in 0..p.len() {
                proptest::prop_assert!(a[i] >= p[i] && a[i] <= 1.0);
                proptest::prop_assert!(a[i] <= (m * p[i]).min(1.0) + 1e-15);
                for j in 0..p.len() {
                    if p[i] <= p[j] {
                        proptest::prop_assert!(a[i] <= a[j], "{:?} -> {:?}", p, a);
                    }
                }
            }
        }
    }

    #[test]
    fn p_values_agree_with_the_interval() {
        // For many simulated pairs of groups: p < 0.05 exactly when the 95 %
        // interval excludes 0 (and p < 0.10 for the 90 % interval).
        let mut rng = Rng::new(1979);
        let mut significant = 0;
        for i in 0..400 {
            let shift = f64::from(i % 5) * 0.25;
            let a: Vec<f64> = (0..12 + i % 7).map(|_| shift + 1.3 * normal(&mut rng)).collect();
            let c: Vec<f64> = (0..9 + i % 5).map(|_| normal(&mut rng)).collect();
            let (sa, sc) = (summarise(&a).expect("values"), summarise(&c).expect("values"));
            for level in [0.95, 0.90] {
                let e = welch(&sa, &sc, level).expect("groups");
                let p = welch_p(&e);
                let excludes = e.ci_low > 0.0 || e.ci_high < 0.0;
                assert_eq!(p < 1.0 - level, excludes, "p {p}, interval {e:?}");
                significant += usize::from(excludes);
            }
        }
        // Both kinds occur, so the check above tested both directions.
        assert!(significant > 50 && significant < 750, "{significant}");
        // Without spread: no difference is p = 1, a difference p = 0.
        let flat = Summary { n: 5, mean: 2.0, sd: 0.0 };
        let e = welch(&flat, &flat, 0.95).expect("groups");
        assert_eq!(welch_p(&e), 1.0);
        let e = welch(&Summary { mean: 3.0, ..flat }, &flat, 0.95).expect("groups");
        assert_eq!(welch_p(&e), 0.0);
    }

    #[test]
    fn post_stratification_by_hand() {
        // One stratum is Welch exactly.
        let (a, c) = (summarise(&[1.0, 2.0, 3.0]).expect("3"), summarise(&[2.0, 4.0, 6.0]).expect("3"));
        let s = post_stratified(&[(a, c)], 0.95).expect("one stratum");
        let w = welch(&a, &c, 0.95).expect("groups");
        assert!(close(s.difference, w.difference, 1e-12) && close(s.standard_error, w.standard_error, 1e-12));
        assert!(close(s.df, w.df, 1e-12) && close(s.ci_low, w.ci_low, 1e-9));
        // Two strata, done by hand. Stratum 1: arm {1, 2, 3} (mean 2, s² 1), control
        // {0, 2} (mean 1, s² 2); stratum 2: arm {10, 14} (mean 12, s² 8), control
        // {9, 10, 11, 10} (mean 10, s² 2/3). Weights 5/11 and 6/11.
        // Difference = 5/11 · 1 + 6/11 · 2 = 17/11.
        // Variance = (5/11)² (1/3 + 2/2) + (6/11)² (8/2 + (2/3)/4) = (25 · 4/3 + 36 · 25/6) / 121
        //          = (100/3 + 150) / 121 = 550/363 = 50/33.
        // ν: parts 25/363, 25/121, 144/121, 6/121 with n − 1 = 2, 1, 1, 3:
        // ν = (50/33)² / ((25/363)²/2 + (25/121)² + (144/121)² + (6/121)²/3).
        let strata = [
            (summarise(&[1.0, 2.0, 3.0]).expect("3"), summarise(&[0.0, 2.0]).expect("2")),
            (summarise(&[10.0, 14.0]).expect("2"), summarise(&[9.0, 10.0, 11.0, 10.0]).expect("4")),
            // A stratum with one person in the arm has no SD and is left out.
            (Summary { n: 1, mean: 100.0, sd: 0.0 }, summarise(&[0.0, 1.0]).expect("2")),
        ];
        let s = post_stratified(&strata, 0.95).expect("two strata");
        assert_eq!(s.strata_used, 2);
        assert!(close(s.difference, 17.0 / 11.0, 1e-12), "{s:?}");
        assert!(close(s.standard_error, (50.0_f64 / 33.0).sqrt(), 1e-12), "{s:?}");
        let parts: [(f64, f64); 4] =
            [(25.0 / 363.0, 2.0), (25.0 / 121.0, 1.0), (144.0 / 121.0, 1.0), (6.0 / 121.0, 3.0)];
        let nu = (50.0_f64 / 33.0).powi(2) / parts.iter().map(|(v, d)| v * v / d).sum::<f64>();
        assert!(close(s.df, nu, 1e-9), "{} against {nu}", s.df);
        let q = t_quantile(0.975, nu);
        assert!(close(s.ci_high, 17.0 / 11.0 + q * (50.0_f64 / 33.0).sqrt(), 1e-9));
        assert_eq!(post_stratified(&strata[2..], 0.95), None);
        assert_eq!(post_stratified(&[], 0.95), None);
    }

    #[test]
    fn standardised_difference_by_hand() {
        let a = Summary { n: 10, mean: 3.0, sd: 1.0 };
        let c = Summary { n: 10, mean: 2.5, sd: 1.0 };
        assert!(close(standardised_difference(&a, &c).unwrap_or(f64::NAN), 0.5, 1e-12));
        let z = Summary { n: 10, mean: 2.5, sd: 0.0 };
        assert_eq!(standardised_difference(&z, &z), Some(0.0));
    }

    #[test]
    fn box_muller_draws_are_standard_normal() {
        let mut rng = Rng::new(2017);
        let draws: Vec<f64> = (0..20_000).map(|_| normal(&mut rng)).collect();
        let s = summarise(&draws).expect("many");
        // SE of the mean is 1/√20000 ≈ 0.0071; 0.03 is over 4 SE. The SD
        // of the SD is about 1/√40000 = 0.005; 0.02 is 4 of those.
        assert!(s.mean.abs() < 0.03, "{s:?}");
        assert!(close(s.sd, 1.0, 0.02), "{s:?}");
        let beyond = draws.iter().filter(|d| d.abs() > 1.959_964).count();
        // 5 % expected = 1000, binomial SD ≈ 31; ±130 is over 4 SD.
        assert!(beyond.abs_diff(1000) < 130, "{beyond}");
    }

    /// Simulated trials with a known effect: the 95 % interval must cover
    /// the true effect in about 95 % of trials.
    ///
    /// Binomial reasoning: with 1000 independent trials and true coverage
    /// 0.95 the number covering is Binomial(1000, 0.95): mean 950, SD
    /// √(1000 · 0.95 · 0.05) ≈ 6.9. The band 930–970 (93 %–97 %) is ±2.9 SD,
    /// which a correct interval leaves with probability about 0.4 %; and the
    /// seed is fixed, so the test is deterministic. A wrong interval (say
    /// the normal 1.96 with tiny groups, or a pooled SE with unequal
    /// variances, or a forgotten √) falls outside the band.
    fn coverage(effect: f64, seed: u64) -> (u32, u32) {
        let mut covered = 0u32;
        let mut significant = 0u32;
        for trial in 0..1000u64 {
            let mut rng = Rng::for_stream(seed, trial);
            // Unequal groups and unequal SDs, as Welch is for: 30 in an
            // arm with SD 1.5, 20 in control with SD 1.0.
            let arm: Vec<f64> = (0..30).map(|_| 5.0 + effect + 1.5 * normal(&mut rng)).collect();
            let control: Vec<f64> = (0..20).map(|_| 5.0 + normal(&mut rng)).collect();
            let e = welch(&summarise(&arm).expect("30"), &summarise(&control).expect("20"), 0.95).expect("groups");
            if e.ci_low <= effect && effect <= e.ci_high {
                covered += 1;
            }
            if e.ci_low > 0.0 || e.ci_high < 0.0 {
                significant += 1;
            }
        }
        (covered, significant)
    }

    #[test]
    fn confidence_intervals_cover_a_known_effect_in_95_percent_of_trials() {
        let (covered, significant) = coverage(0.8, 20_170_401);
        eprintln!("known effect 0.8: coverage {covered}/1000, significant {significant}/1000");
        assert!((930..=970).contains(&covered), "coverage {covered}/1000");
        // With d ≈ 0.8/1.3 and 30 + 20 people the power is well over half.
        assert!(significant > 500, "power {significant}/1000");
    }

    #[test]
    fn under_no_effect_about_5_percent_are_significant() {
        let (covered, significant) = coverage(0.0, 20_190_101);
        eprintln!("null effect: coverage {covered}/1000, significant {significant}/1000");
        assert!((930..=970).contains(&covered), "coverage {covered}/1000");
        assert_eq!(covered + significant, 1000);
    }
}
