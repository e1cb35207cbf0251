//! A small seeded random number generator, so every "random" name the cluster invents is the same
//! for the same seed on every machine and every version of every dependency.

/// SplitMix64: tiny, fast, and good enough for names and uids.
#[derive(Clone, Debug)]
pub struct Rng {
    state: u64,
}

/// The alphabet apimachinery's `rand.String` draws from (no vowels, no confusable characters):
/// `staging/src/k8s.io/apimachinery/pkg/util/rand/rand.go`.
const NAME_ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";

/// The 64-bit FNV-1a hash of `bytes`: a stable, seed-free hash for deriving generators and for
/// indexes keyed by a hash instead of a copy of the key.
pub fn fnv1a64(bytes: impl IntoIterator<Item = u8>) -> u64 {
    bytes.into_iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// A fast, seed-free hasher for the simulator's lookup-only hash maps (work queues, symbol
/// tables, the kubelets' pod table): rustc's FxHash, a word at a time. Nothing reads those maps
/// in hash order, so the hash never shows in the simulation; it only has to be quick on short
/// keys, where SipHash's per-call cost dominates.
#[derive(Clone, Copy, Debug, Default)]
pub struct FxHasher(u64);

impl FxHasher {
    const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(Self::SEED);
    }
}

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(w) ^ ((rest.len() as u64) << 56));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// [`FxHasher`] as a map's hasher state.
pub type FxState = std::hash::BuildHasherDefault<FxHasher>;

/// apimachinery's `rand.SafeEncodeString`: each byte of `s` mapped onto [`NAME_ALPHABET`], as
/// hash-derived names (`pod-template-hash`, `controller-revision-hash`) are spelled.
pub fn safe_encode_string(s: &str) -> String {
    s.bytes()
        .map(|b| NAME_ALPHABET[usize::from(b) % NAME_ALPHABET.len()] as char)
        .collect()
}

impl Rng {
    /// A generator for `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng {
            state: seed ^ 0x9E37_79B9_7F4A_7C15,
        }
    }

    /// A generator derived from `key` (an FNV-1a hash of it), for names that must be random-looking
    /// and reproducible without drawing from the cluster's main stream (so drawing them does not
    /// shift every name generated afterwards). Keys are built from uids the main stream drew.
    pub fn derived(key: &str) -> Rng {
        Rng::new(fnv1a64(key.bytes()))
    }

    /// [`Rng::derived`] of the key the parts spell one after another, without writing it out
    /// (pod creation derives a name this way for each of 100,000 pods).
    pub fn derived_from(parts: &[&str]) -> Rng {
        Rng::new(fnv1a64(parts.iter().flat_map(|p| p.bytes())))
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when n is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next_u64() % n }
    }

    /// `n` characters as Kubernetes' generated name suffixes look (`web-7d4b9c-x7k2q`).
    pub fn name_suffix(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| NAME_ALPHABET[self.below(NAME_ALPHABET.len() as u64) as usize] as char)
            .collect()
    }

    /// A version-4 UUID string, as the API server assigns to `metadata.uid`.
    pub fn uuid(&mut self) -> String {
        format_uuid(&self.uuid_bytes())
    }

    /// A random (version 4) UUID's 16 bytes: what [`Rng::uuid`] writes out.
    pub fn uuid_bytes(&mut self) -> [u8; 16] {
        let a = self.next_u64();
        let b = self.next_u64();
        // 128 random bits with the version (4) and variant (10) bits set.
        let mut bytes = [0u8; 16];
        bytes[..8].copy_from_slice(&a.to_be_bytes());
        bytes[8..].copy_from_slice(&b.to_be_bytes());
        bytes[6] = 0x40 | (bytes[6] & 0x0f);
        bytes[8] = 0x80 | (bytes[8] & 0x3f);
        bytes
    }
}

/// A UUID's 16 bytes as the API server writes uids: `8-4-4-4-12` lower-case hex (written
/// directly: every object and event gets one, and `format!` costs ten times as much).
pub fn format_uuid(b: &[u8; 16]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(36);
    for (i, byte) in b.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            s.push('-');
        }
        s.push(char::from(HEX[usize::from(byte >> 4)]));
        s.push(char::from(HEX[usize::from(byte & 0xf)]));
    }
    s
}

/// Appends `v` in lowercase hexadecimal, zero-padded to at least `width` digits: what
/// `{:0width$x}` writes, for the names and uids made for every object and event.
pub fn push_hex(out: &mut String, v: u128, width: usize) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut buf = [0u8; 32];
    let mut at = buf.len();
    let mut v = v;
    loop {
        at -= 1;
        buf[at] = DIGITS[(v & 15) as usize];
        v >>= 4;
        if v == 0 {
            break;
        }
    }
    for _ in buf.len() - at..width {
        out.push('0');
    }
    out.extend(buf[at..].iter().map(|&b| char::from(b)));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A key in parts derives the generator the whole key does.
    #[test]
    fn a_key_in_parts_derives_what_the_whole_key_does() {
        for (parts, whole) in [
            (
                &["4f2a-uid", "/", "kube-api-access-"][..],
                "4f2a-uid/kube-api-access-",
            ),
            (&["", "x"][..], "x"),
            (&["é", "ü/"][..], "éü/"),
        ] {
            let (mut a, mut b) = (Rng::derived_from(parts), Rng::derived(whole));
            assert_eq!(a.next_u64(), b.next_u64(), "{whole}");
        }
        assert_ne!(
            Rng::derived_from(&["a", "b"]).next_u64(),
            Rng::derived("a").next_u64()
        );
    }

    /// `push_hex` and `uuid` write what the formatting machinery would.
    #[test]
    fn hex_is_written_as_format_writes_it() {
        let mut r = Rng::new(3);
        for i in 0..2000u32 {
            let v = u128::from(r.next_u64()) << (i % 64) | u128::from(i);
            let v = if i % 7 == 0 { u128::from(i % 17) } else { v };
            let width = (i % 40) as usize;
            let mut s = String::new();
            push_hex(&mut s, v, width);
            assert_eq!(s, format!("{v:0width$x}"));
            let negative = -(i128::from(i) + 1);
            let mut s = String::new();
            push_hex(&mut s, negative as u128, 0);
            assert_eq!(s, format!("{negative:x}"));
        }
        let (mut a, mut b) = (Rng::new(9), Rng::new(9));
        for _ in 0..100 {
            let (x, y) = (b.next_u64(), b.next_u64());
            let want = format!(
                "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
                x >> 32,
                (x >> 16) & 0xffff,
                x & 0x0fff,
                ((y >> 48) & 0x3fff) | 0x8000,
                y & 0xffff_ffff_ffff
            );
            assert_eq!(a.uuid(), want);
        }
    }

    #[test]
    fn same_seed_same_sequence() {
        let mut a = Rng::new(7);
        let mut b = Rng::new(7);
        assert_eq!(a.name_suffix(5), b.name_suffix(5));
        assert_eq!(a.uuid(), b.uuid());
        assert_ne!(Rng::new(1).next_u64(), Rng::new(2).next_u64());
    }

    #[test]
    fn suffixes_use_the_kubernetes_alphabet_and_uuids_are_v4() {
        let mut r = Rng::new(1);
        let s = r.name_suffix(500);
        assert!(s.bytes().all(|c| NAME_ALPHABET.contains(&c)));
        let u = r.uuid();
        assert_eq!(u.len(), 36);
        assert_eq!(&u[14..15], "4");
        assert!(matches!(&u[19..20], "8" | "9" | "a" | "b"));
    }
}
