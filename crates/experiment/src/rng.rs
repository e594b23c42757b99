//! A small seeded random generator whose stream is fixed forever.
//!
//! SplitMix64 (Steele, Lea and Flood 2014; the seeding generator of Java's
//! `SplittableRandom` and of xoshiro), the same algorithm as `microsim::rng`,
//! kept in this crate on purpose: an allocation must be reproducible from the
//! recorded seed on any platform and in every future version, so no
//! dependency update may change it. Only integer operations with defined
//! wrapping are used, so the stream is the same on every CPU.
//!
//! This is *not* a cryptographic generator. Allocation concealment comes from
//! keeping the seed secret until the allocation is recorded (see
//! `docs/experimenten.md`), not from the generator.

#[derive(Clone, Debug)]
pub struct Rng {
    state: u64,
}

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng { state: seed }
    }

    /// A separate stream for `stream` (a stratum, a simulated trial) under
    /// `seed`: mixing the stream number in through one SplitMix64 step makes
    /// neighbouring streams unrelated.
    pub fn for_stream(seed: u64, stream: u64) -> Rng {
        let mut r = Rng::new(seed ^ stream.wrapping_mul(0xA076_1D64_78BD_642F));
        r.next_u64();
        r
    }

    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` by Lemire's multiply-shift with rejection, so there
    /// is no bias at all. For `n == 0` it returns 0 (callers never ask).
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            return 0;
        }
        let threshold = n.wrapping_neg() % n;
        loop {
            let wide = u128::from(self.next_u64()) * u128::from(n);
            // The low half is `wide` truncated to 64 bits on purpose.
            let low = u64::try_from(wide & u128::from(u64::MAX)).unwrap_or(0);
            if low >= threshold {
                return u64::try_from(wide >> 64).unwrap_or(0);
            }
        }
    }

    /// Shuffles `items` in place: Fisher–Yates (Durstenfeld's version, Knuth
    /// vol. 2 algorithm P), from the last position down, each position
    /// swapped with a uniform earlier-or-same position.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        let mut i = items.len();
        while i > 1 {
            let j = usize::try_from(self.below(i as u64)).unwrap_or(0);
            i -= 1;
            items.swap(i, j);
        }
    }
}

/// FNV-1a (64 bit) of a text: a fixed, platform-independent way to turn a
/// stratum key into a stream number.
pub fn fnv1a(text: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stream_is_fixed_forever() {
        // SplitMix64 with seed 1234567: the same values as microsim's test,
        // computed by an independent transcription of the C reference code.
        let mut r = Rng::new(1_234_567);
        assert_eq!(r.next_u64(), 6_457_827_717_110_365_317);
        assert_eq!(r.next_u64(), 3_203_168_211_198_807_973);
        assert_eq!(r.next_u64(), 9_817_491_932_198_370_423);
    }

    #[test]
    fn fnv1a_matches_the_reference_vectors() {
        // Reference values from the FNV specification (draft-eastlake-fnv).
        assert_eq!(fnv1a(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a("a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a("foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn shuffle_is_a_permutation_and_roughly_uniform() {
        let mut r = Rng::new(42);
        // Position of element 0 after shuffling 4 items, 40 000 times:
        // expected 10 000 per position, sd about 87; 600 is ~7 sd.
        let mut counts = [0u32; 4];
        for _ in 0..40_000 {
            let mut v = [0u8, 1, 2, 3];
            r.shuffle(&mut v);
            let mut sorted = v;
            sorted.sort_unstable();
            assert_eq!(sorted, [0, 1, 2, 3]);
            let pos = v.iter().position(|x| *x == 0).unwrap_or(99);
            counts[pos] += 1;
        }
        assert!(counts.iter().all(|c| c.abs_diff(10_000) < 600), "{counts:?}");
    }

    #[test]
    fn below_stays_in_bounds() {
        let mut r = Rng::new(9);
        assert!((0..10_000).all(|_| r.below(7) < 7));
        assert_eq!(r.below(1), 0);
    }
}
