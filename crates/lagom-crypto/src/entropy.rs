//! Where randomness comes from. Callers pass an [`Entropy`] so that tests can make key
//! material deterministic and production code always uses the operating system's generator.

/// A source of cryptographically secure random bytes.
pub trait Entropy {
    /// Fills `buf` with random bytes.
    fn fill(&mut self, buf: &mut [u8]);
}

/// The operating system's random number generator (`getrandom`).
#[derive(Debug, Default, Clone, Copy)]
pub struct OsEntropy;

impl Entropy for OsEntropy {
    fn fill(&mut self, buf: &mut [u8]) {
        // Without a working system RNG no key can be made safely; stopping is the only
        // correct answer, and it cannot happen on any platform we ship for.
        getrandom::fill(buf).expect("the operating system's random number generator failed");
    }
}
