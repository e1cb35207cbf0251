//! A short string kept inline: the words a pod's status repeats in every pod (`True`, `Ready`,
//! `Running`, `BestEffort`, an IP, an image name) fit in 23 bytes, and a `String` of each costs
//! an allocation besides its 24 bytes. A `Word` is those same 24 bytes with the text inside
//! (longer text is shared on the heap), so replacing a `String` field with one never grows a
//! struct and saves the allocation for the usual case. It is a [`SmolStr`], which reads back as
//! a `&str` without checking its bytes again, behind the simulator's own comparisons.

use smol_str::SmolStr;
use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;

/// A string of up to [`Word::INLINE`] bytes kept inline, or a longer one on the heap. Reads as
/// a `&str` (`Deref`), compares with `&str` and `String`, and builds from either.
#[derive(Clone, Default)]
pub struct Word(SmolStr);

impl Word {
    /// Longest string kept inline: what fits beside the length in 24 bytes.
    pub const INLINE: usize = 23;

    /// The string's bytes: what comparisons read.
    fn as_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }

    /// The string.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

impl From<&str> for Word {
    fn from(s: &str) -> Word {
        Word(SmolStr::new(s))
    }
}

impl From<String> for Word {
    fn from(s: String) -> Word {
        Word(SmolStr::from(s))
    }
}

impl From<&String> for Word {
    fn from(s: &String) -> Word {
        Word::from(s.as_str())
    }
}

impl From<Word> for String {
    fn from(w: Word) -> String {
        String::from(w.0)
    }
}

impl Deref for Word {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Word {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for Word {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Display for Word {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Word {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

/// Serialised as the string it holds.
impl serde::Serialize for Word {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl PartialEq for Word {
    fn eq(&self, other: &Word) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl Eq for Word {}

impl PartialOrd for Word {
    fn partial_cmp(&self, other: &Word) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Word {
    fn cmp(&self, other: &Word) -> std::cmp::Ordering {
        self.as_bytes().cmp(other.as_bytes())
    }
}

impl std::hash::Hash for Word {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.as_str().hash(h)
    }
}

/// A string type's comparisons with `str`, `&str` and `String`, both ways, by the bytes its
/// `as_bytes` gives (no UTF-8 check): `Word` and the store's `KeyStr` compare alike.
macro_rules! str_comparisons {
    ($t:ty) => {
        impl PartialEq<str> for $t {
            fn eq(&self, other: &str) -> bool {
                self.as_bytes() == other.as_bytes()
            }
        }

        impl PartialEq<&str> for $t {
            fn eq(&self, other: &&str) -> bool {
                self.as_bytes() == other.as_bytes()
            }
        }

        impl PartialEq<String> for $t {
            fn eq(&self, other: &String) -> bool {
                self.as_bytes() == other.as_bytes()
            }
        }

        impl PartialEq<$t> for str {
            fn eq(&self, other: &$t) -> bool {
                self.as_bytes() == other.as_bytes()
            }
        }

        impl PartialEq<$t> for &str {
            fn eq(&self, other: &$t) -> bool {
                self.as_bytes() == other.as_bytes()
            }
        }

        impl PartialEq<$t> for String {
            fn eq(&self, other: &$t) -> bool {
                self.as_bytes() == other.as_bytes()
            }
        }
    };
}
pub(crate) use str_comparisons;

str_comparisons!(Word);

#[cfg(test)]
mod tests {
    use super::Word;

    #[test]
    fn a_word_is_as_big_as_a_string_and_so_is_an_optional_one() {
        assert_eq!(std::mem::size_of::<Word>(), std::mem::size_of::<String>());
        assert_eq!(std::mem::size_of::<Option<Word>>(), 24);
    }

    #[test]
    fn words_keep_their_text_at_every_length() {
        for s in [
            "",
            "True",
            "PodReadyToStartContainers",
            "ten-chars!",
            "exactly-twenty-two-ch!",
            "twenty-three-characters",
            "twenty-four-characters!!",
            "é".repeat(11).as_str(),
            "é".repeat(12).as_str(),
        ] {
            let w = Word::from(s);
            assert_eq!(w.as_str(), s);
            assert_eq!(w, s);
            assert_eq!(Word::from(s.to_string()), w);
            assert_eq!(String::from(w.clone()), s);
            assert_eq!(format!("{w}|{w:?}"), format!("{s}|{s:?}"));
        }
    }

    #[test]
    fn words_order_as_their_strings() {
        let mut words: Vec<Word> = ["b", "a", "ab", "twenty-three-characters", ""]
            .into_iter()
            .map(Word::from)
            .collect();
        words.sort();
        let got: Vec<&str> = words.iter().map(|w| w.as_str()).collect();
        assert_eq!(got, ["", "a", "ab", "b", "twenty-three-characters"]);
    }
}
