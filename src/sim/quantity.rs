//! Resource quantities (`100m`, `128Mi`, `1e3`), as `k8s.io/apimachinery/pkg/api/resource`
//! parses and prints them (`quantity.go`, `suffix.go`, `amount.go`).
//!
//! The value is kept exactly as an integer number of nano-units (upstream rounds every parsed
//! value up to a multiple of 1n), together with the format (`DecimalSI`, `BinarySI`,
//! `DecimalExponent`) that decides how it prints. Like upstream, a string that is already in
//! canonical form is remembered and printed back verbatim.

use std::cmp::Ordering;
use std::fmt;

/// How a quantity prints (`resource.Format`); remembered from the suffix it was parsed with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// `12e6`
    DecimalExponent,
    /// `12Mi` (powers of 1024)
    BinarySI,
    /// `12M` (powers of 1000)
    DecimalSI,
}

/// The three parse errors of `quantity.go`, with their upstream texts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuantityError {
    /// `ErrFormatWrong`
    FormatWrong,
    /// `ErrNumeric`
    Numeric,
    /// `ErrSuffix`
    Suffix,
}

/// `splitREString` in quantity.go; only used in the error text, as upstream.
pub const SPLIT_RE: &str = "^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$";

impl fmt::Display for QuantityError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            QuantityError::FormatWrong => write!(
                f,
                "quantities must match the regular expression '{SPLIT_RE}'"
            ),
            QuantityError::Numeric => f.write_str("unable to parse numeric part of quantity"),
            QuantityError::Suffix => f.write_str("unable to parse quantity's suffix"),
        }
    }
}

impl std::error::Error for QuantityError {}

const NANO: i128 = 1_000_000_000;
/// `maxAllowed`: BinarySI values are capped at 2^63-1 units.
const MAX_ALLOWED_NANOS: i128 = (i64::MAX as i128) * NANO;

/// A parsed quantity. Equality and ordering compare the value only, like `Quantity.Cmp`.
#[derive(Clone, Debug)]
pub struct Quantity {
    nanos: i128,
    format: Format,
    /// The input string when upstream would have kept it (`q.s`), printed verbatim.
    cached: Option<String>,
}

impl PartialEq for Quantity {
    fn eq(&self, other: &Self) -> bool {
        self.nanos == other.nanos
    }
}

impl Eq for Quantity {}

impl PartialOrd for Quantity {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Quantity {
    fn cmp(&self, other: &Self) -> Ordering {
        self.nanos.cmp(&other.nanos)
    }
}

struct Parts<'a> {
    positive: bool,
    num: &'a str,
    denom: &'a str,
    suffix: &'a str,
}

/// `parseQuantityString`: splits sign, integer digits (leading zeros stripped), fraction
/// digits and suffix, rejecting anything after a malformed suffix.
fn parse_quantity_string(s: &str) -> Result<Parts<'_>, QuantityError> {
    let b = s.as_bytes();
    let end = b.len();
    let mut parts = Parts {
        positive: true,
        num: "",
        denom: "",
        suffix: "",
    };
    let mut pos = 0;
    if let Some(&c) = b.first() {
        if c == b'-' {
            parts.positive = false;
            pos += 1;
        } else if c == b'+' {
            pos += 1;
        }
    }
    // strip leading zeros
    loop {
        if pos >= end {
            parts.num = "0";
            return Ok(parts);
        }
        if b[pos] == b'0' {
            pos += 1;
        } else {
            break;
        }
    }
    // numerator
    let start = pos;
    let mut i = pos;
    loop {
        if i >= end {
            parts.num = &s[start..end];
            if parts.num.is_empty() {
                parts.num = "0";
            }
            return Ok(parts);
        }
        if !b[i].is_ascii_digit() {
            parts.num = &s[start..i];
            pos = i;
            break;
        }
        i += 1;
    }
    if parts.num.is_empty() {
        parts.num = "0";
    }
    // denominator
    if pos < end && b[pos] == b'.' {
        pos += 1;
        let start = pos;
        let mut i = pos;
        loop {
            if i >= end {
                parts.denom = &s[start..end];
                return Ok(parts);
            }
            if !b[i].is_ascii_digit() {
                parts.denom = &s[start..i];
                pos = i;
                break;
            }
            i += 1;
        }
    }
    // suffix
    let suffix_start = pos;
    let mut i = pos;
    loop {
        if i >= end {
            parts.suffix = &s[suffix_start..end];
            return Ok(parts);
        }
        if !b"eEinumkKMGTP".contains(&b[i]) {
            pos = i;
            break;
        }
        i += 1;
    }
    if pos < end && (b[pos] == b'-' || b[pos] == b'+') {
        pos += 1;
    }
    let mut i = pos;
    loop {
        if i >= end {
            parts.suffix = &s[suffix_start..end];
            return Ok(parts);
        }
        if !b[i].is_ascii_digit() {
            break;
        }
        i += 1;
    }
    Err(QuantityError::FormatWrong)
}

/// `quantitySuffixer.interpret`: (base, exponent, format).
fn interpret(suffix: &str) -> Option<(u32, i64, Format)> {
    let dec = |e| Some((10, e, Format::DecimalSI));
    let bin = |e| Some((2, e, Format::BinarySI));
    match suffix {
        "" => dec(0),
        "n" => dec(-9),
        "u" => dec(-6),
        "m" => dec(-3),
        "k" => dec(3),
        "M" => dec(6),
        "G" => dec(9),
        "T" => dec(12),
        "P" => dec(15),
        "E" => dec(18),
        "Ki" => bin(10),
        "Mi" => bin(20),
        "Gi" => bin(30),
        "Ti" => bin(40),
        "Pi" => bin(50),
        "Ei" => bin(60),
        s if s.len() > 1 && (s.starts_with('e') || s.starts_with('E')) => {
            let e = crate::sim::labels::parse_go_int64(&s[1..])?;
            // The exponent must survive the int32 scale it is stored in.
            if e.unsigned_abs() > i32::MAX as u64 {
                return None;
            }
            Some((10, e, Format::DecimalExponent))
        }
        _ => None,
    }
}

fn pow10(n: u32) -> Option<i128> {
    10i128.checked_pow(n)
}

/// `ceil(digits * 10^shift)` for a non-negative decimal digit string.
fn scale_decimal(digits: &str, shift: i64) -> Option<i128> {
    let digits = digits.trim_start_matches('0');
    if digits.is_empty() {
        return Some(0);
    }
    if shift >= 0 {
        let d: i128 = digits.parse().ok()?;
        d.checked_mul(pow10(u32::try_from(shift).ok()?)?)
    } else {
        let k = usize::try_from(-shift).ok()?;
        let (int_part, frac) = if digits.len() > k {
            digits.split_at(digits.len() - k)
        } else {
            ("", digits)
        };
        let mut v: i128 = if int_part.is_empty() {
            0
        } else {
            int_part.parse().ok()?
        };
        if frac.bytes().any(|c| c != b'0') {
            v = v.checked_add(1)?;
        }
        Some(v)
    }
}

impl Quantity {
    /// `resource.ParseQuantity`.
    pub fn parse(s: &str) -> Result<Self, QuantityError> {
        if s.is_empty() {
            return Err(QuantityError::FormatWrong);
        }
        if s == "0" {
            return Ok(Quantity {
                nanos: 0,
                format: Format::DecimalSI,
                cached: Some("0".to_string()),
            });
        }
        let p = parse_quantity_string(s)?;
        let (base, exponent, mut format) = interpret(p.suffix).ok_or(QuantityError::Suffix)?;

        // Exact magnitude in nano-units, rounded up.
        let denom_trimmed = p.denom.trim_end_matches('0');
        let digits = format!("{}{}", p.num, denom_trimmed);
        let d_len = denom_trimmed.len() as i64;
        let mut mag = if base == 10 {
            scale_decimal(&digits, exponent - d_len + 9).ok_or(QuantityError::Numeric)?
        } else {
            // value = digits * 2^exponent / 10^d_len
            let trimmed = digits.trim_start_matches('0');
            let d: Option<i128> = if trimmed.is_empty() {
                Some(0)
            } else {
                trimmed.parse().ok()
            };
            let shifted = d.and_then(|d| {
                let m = 1i128.checked_shl(u32::try_from(exponent).ok()?)?;
                d.checked_mul(m)
            });
            match shifted {
                Some(v) if d_len <= 9 => v
                    .checked_mul(pow10((9 - d_len) as u32).ok_or(QuantityError::Numeric)?)
                    .unwrap_or(MAX_ALLOWED_NANOS + 1),
                Some(v) => {
                    let div = pow10((d_len - 9) as u32).ok_or(QuantityError::Numeric)?;
                    v / div + i128::from(v % div != 0)
                }
                // Too large for i128 with a short fraction: far beyond the cap.
                None if d_len <= 9 => MAX_ALLOWED_NANOS + 1,
                None => return Err(QuantityError::Numeric),
            }
        };
        if format == Format::BinarySI && mag > MAX_ALLOWED_NANOS {
            mag = MAX_ALLOWED_NANOS;
        }
        if format == Format::BinarySI && mag > 0 && mag < NANO {
            format = Format::DecimalSI;
        }
        let nanos = if p.positive { mag } else { -mag };
        let cached = if keeps_input_string(&p, base, exponent, format) {
            Some(s.to_string())
        } else {
            None
        };
        Ok(Quantity {
            nanos,
            format,
            cached,
        })
    }

    /// A quantity of `value` whole units (`resource.NewQuantity`).
    pub fn from_value(value: i64, format: Format) -> Self {
        Quantity {
            nanos: i128::from(value) * NANO,
            format,
            cached: None,
        }
    }

    /// A quantity of `value` thousandths (`resource.NewMilliQuantity`), e.g. millicores.
    pub fn from_milli(value: i64, format: Format) -> Self {
        Quantity {
            nanos: i128::from(value) * 1_000_000,
            format,
            cached: None,
        }
    }

    /// A quantity from an exact nano-unit count (for sums of parsed quantities).
    pub fn from_nanos(nanos: i128, format: Format) -> Self {
        Quantity {
            nanos,
            format,
            cached: None,
        }
    }

    /// Parses the string held by a k8s-openapi `Quantity`.
    pub fn from_k8s(
        q: &k8s_openapi::apimachinery::pkg::api::resource::Quantity,
    ) -> Result<Self, QuantityError> {
        Self::parse(&q.0)
    }

    /// The exact value in nano-units.
    pub fn nanos(&self) -> i128 {
        self.nanos
    }

    /// The print format remembered from parsing.
    pub fn format(&self) -> Format {
        self.format
    }

    /// Whether the value is zero.
    pub fn is_zero(&self) -> bool {
        self.nanos == 0
    }

    /// `Quantity.Value()`: whole units, rounded up away from zero, saturating at i64.
    /// The scheduler uses it for memory, ephemeral storage and pod counts.
    pub fn value(&self) -> i64 {
        scaled(self.nanos, NANO)
    }

    /// `Quantity.MilliValue()`: thousandths, rounded up away from zero (the scheduler's CPU
    /// unit).
    pub fn milli_value(&self) -> i64 {
        scaled(self.nanos, 1_000_000)
    }

    /// `Quantity.String()` without the verbatim cache: the canonical form.
    pub fn canonical(&self) -> String {
        if self.nanos == 0 {
            return "0".to_string();
        }
        let neg = self.nanos < 0;
        let mag = self.nanos.unsigned_abs();
        let mut format = self.format;
        if format == Format::BinarySI
            && (mag < 1024 * NANO as u128 || !mag.is_multiple_of(NANO as u128))
        {
            format = Format::DecimalSI;
        }
        let body = match format {
            Format::BinarySI => {
                let mut v = mag / NANO as u128;
                let mut e = 0;
                while v.is_multiple_of(1024) {
                    v /= 1024;
                    e += 1;
                }
                let suffix = match e {
                    1 => "Ki",
                    2 => "Mi",
                    3 => "Gi",
                    4 => "Ti",
                    5 => "Pi",
                    6 => "Ei",
                    _ => "",
                };
                format!("{v}{suffix}")
            }
            Format::DecimalSI | Format::DecimalExponent => {
                let mut m = mag;
                let mut e: i32 = -9;
                while m.is_multiple_of(10) {
                    m /= 10;
                    e += 1;
                }
                match e.rem_euclid(3) {
                    1 => {
                        m *= 10;
                        e -= 1;
                    }
                    2 => {
                        m *= 100;
                        e -= 2;
                    }
                    _ => {}
                }
                let suffix = if format == Format::DecimalExponent {
                    if e == 0 {
                        String::new()
                    } else {
                        format!("e{e}")
                    }
                } else {
                    match e {
                        -9 => "n".to_string(),
                        -6 => "u".to_string(),
                        -3 => "m".to_string(),
                        0 => String::new(),
                        3 => "k".to_string(),
                        6 => "M".to_string(),
                        9 => "G".to_string(),
                        12 => "T".to_string(),
                        15 => "P".to_string(),
                        18 => "E".to_string(),
                        // No DecimalSI suffix beyond E: exponent notation.
                        _ => format!("e{e}"),
                    }
                };
                format!("{m}{suffix}")
            }
        };
        if neg { format!("-{body}") } else { body }
    }
}

fn scaled(nanos: i128, factor: i128) -> i64 {
    let q = nanos / factor;
    let r = nanos % factor;
    let v = if r != 0 { q + nanos.signum() } else { q };
    i64::try_from(v).unwrap_or(if v < 0 { i64::MIN } else { i64::MAX })
}

/// Whether `ParseQuantity` takes its int64 fast path and keeps the input as the string form.
fn keeps_input_string(p: &Parts<'_>, base: u32, exponent: i64, final_format: Format) -> bool {
    let n_len = p.num.len() as i64;
    let d_len = p.denom.len() as i64;
    let (precision, mut scale) = if base == 10 {
        (18 - (n_len + d_len), exponent)
    } else if exponent >= 0 && d_len == 0 {
        (15 - n_len - (exponent * 3 / 10) - 1, 0)
    } else {
        (-1, 0)
    };
    if precision < 0 {
        return false;
    }
    scale -= d_len;
    if scale < -9 {
        return false;
    }
    let shifted = format!("{}{}", p.num, p.denom);
    let Ok(value) = shifted.parse::<i64>() else {
        return false;
    };
    let mantissa: i64 = if base == 2 { 1i64 << exponent } else { 1 };
    if value.checked_mul(mantissa).is_none() {
        return false;
    }
    if base == 2 {
        final_format == Format::BinarySI && exponent % 10 == 0 && value & 0x07 != 0
    } else {
        scale % 3 == 0 && !shifted.ends_with("000") && !shifted.starts_with('0')
    }
}

impl fmt::Display for Quantity {
    /// `Quantity.String()`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.cached {
            Some(s) => f.write_str(s),
            None => f.write_str(&self.canonical()),
        }
    }
}

impl std::str::FromStr for Quantity {
    type Err = QuantityError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Quantity::parse(s)
    }
}

/// Parses a quantity into exact thousandths, rounded up as `MilliValue()` does (the
/// scheduler's CPU unit: `100m` → 100, `0.5` → 500, `1` → 1000).
pub fn parse_milli(s: &str) -> Result<i64, String> {
    Quantity::parse(s)
        .map(|q| q.milli_value())
        .map_err(|e| e.to_string())
}

/// Parses a quantity into whole units rounded up as `Value()` does (memory bytes, pod counts:
/// `128Mi` → 134217728, `1G` → 1000000000, `100m` → 1).
pub fn parse_value(s: &str) -> Result<i64, String> {
    Quantity::parse(s)
        .map(|q| q.value())
        .map_err(|e| e.to_string())
}

/// Prints millicores the way kubectl shows CPU built from `NewMilliQuantity(v, DecimalSI)`:
/// `500m`, `1`, `1500m`.
pub fn format_milli_cpu(milli: i64) -> String {
    Quantity::from_milli(milli, Format::DecimalSI).to_string()
}

/// Prints a byte count the way kubectl shows memory built from `NewQuantity(v, BinarySI)`:
/// `1Gi`, `128Mi`, `1025`; values under 1024 print as DecimalSI (`1000` → `1k`).
pub fn format_bytes(bytes: i64) -> String {
    Quantity::from_value(bytes, Format::BinarySI).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn q(s: &str) -> Quantity {
        Quantity::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    /// `decQuantity(i, exponent, format)` of quantity_test.go as nanos.
    fn dec(i: i128, exp: i32) -> i128 {
        if exp >= -9 {
            i * 10i128.pow((exp + 9) as u32)
        } else {
            i / 10i128.pow((-9 - exp) as u32)
        }
    }

    // quantity_test.go TestQuantityParse (table)
    #[test]
    fn quantity_parse_table() {
        use Format::*;
        let table: &[(&str, i128, Format)] = &[
            ("0", dec(0, 0), DecimalSI),
            ("0n", dec(0, 0), DecimalSI),
            ("0u", dec(0, 0), DecimalSI),
            ("0m", dec(0, 0), DecimalSI),
            ("0Ki", dec(0, 0), BinarySI),
            ("0k", dec(0, 0), DecimalSI),
            ("0Mi", dec(0, 0), BinarySI),
            ("0M", dec(0, 0), DecimalSI),
            ("0Gi", dec(0, 0), BinarySI),
            ("0G", dec(0, 0), DecimalSI),
            ("0Ti", dec(0, 0), BinarySI),
            ("0T", dec(0, 0), DecimalSI),
            ("1", dec(1, 0), DecimalSI),
            ("1Ki", dec(1024, 0), BinarySI),
            ("8Ki", dec(8 * 1024, 0), BinarySI),
            ("7Mi", dec(7 * 1024 * 1024, 0), BinarySI),
            ("6Gi", dec(6 << 30, 0), BinarySI),
            ("5Ti", dec(5 << 40, 0), BinarySI),
            ("4Pi", dec(4 << 50, 0), BinarySI),
            ("3Ei", dec(3 << 60, 0), BinarySI),
            ("10Ti", dec(10 << 40, 0), BinarySI),
            ("100Ti", dec(100 << 40, 0), BinarySI),
            ("5n", dec(5, -9), DecimalSI),
            ("4u", dec(4, -6), DecimalSI),
            ("3m", dec(3, -3), DecimalSI),
            ("9", dec(9, 0), DecimalSI),
            ("8k", dec(8, 3), DecimalSI),
            ("50k", dec(5, 4), DecimalSI),
            ("7M", dec(7, 6), DecimalSI),
            ("6G", dec(6, 9), DecimalSI),
            ("5T", dec(5, 12), DecimalSI),
            ("40T", dec(4, 13), DecimalSI),
            ("300T", dec(3, 14), DecimalSI),
            ("2P", dec(2, 15), DecimalSI),
            ("1E", dec(1, 18), DecimalSI),
            ("1E-3", dec(1, -3), DecimalExponent),
            ("1e3", dec(1, 3), DecimalExponent),
            ("1E6", dec(1, 6), DecimalExponent),
            ("1e9", dec(1, 9), DecimalExponent),
            ("1E12", dec(1, 12), DecimalExponent),
            ("1e15", dec(1, 15), DecimalExponent),
            ("1E18", dec(1, 18), DecimalExponent),
            ("1e14", dec(1, 14), DecimalExponent),
            ("1e13", dec(1, 13), DecimalExponent),
            ("100.035k", dec(100035, 0), DecimalSI),
            ("0.001", dec(1, -3), DecimalSI),
            ("0.0005k", dec(5, -1), DecimalSI),
            ("0.005", dec(5, -3), DecimalSI),
            ("0.05", dec(5, -2), DecimalSI),
            ("0.5", dec(5, -1), DecimalSI),
            ("0.00050k", dec(5, -1), DecimalSI),
            ("0.00500", dec(5, -3), DecimalSI),
            ("0.05000", dec(5, -2), DecimalSI),
            ("0.50000", dec(5, -1), DecimalSI),
            ("0.5e0", dec(5, -1), DecimalExponent),
            ("0.5e-1", dec(5, -2), DecimalExponent),
            ("0.5e-2", dec(5, -3), DecimalExponent),
            ("10.035M", dec(10035, 3), DecimalSI),
            ("1.2e3", dec(12, 2), DecimalExponent),
            ("1.3E+6", dec(13, 5), DecimalExponent),
            ("1.40e9", dec(14, 8), DecimalExponent),
            ("1.53E12", dec(153, 10), DecimalExponent),
            ("1.6e15", dec(16, 14), DecimalExponent),
            ("1.7E18", dec(17, 17), DecimalExponent),
            ("9.01", dec(901, -2), DecimalSI),
            ("8.1k", dec(81, 2), DecimalSI),
            ("7.123456M", dec(7123456, 0), DecimalSI),
            ("6.987654321G", dec(6987654321, 0), DecimalSI),
            ("5.444T", dec(5444, 9), DecimalSI),
            ("40.1T", dec(401, 11), DecimalSI),
            ("300.2T", dec(3002, 11), DecimalSI),
            ("2.5P", dec(25, 14), DecimalSI),
            ("1.01E", dec(101, 16), DecimalSI),
            ("3.001n", dec(4, -9), DecimalSI),
            ("1.1E-9", dec(2, -9), DecimalExponent),
            ("0.0000000001", dec(1, -9), DecimalSI),
            ("0.0000000005", dec(1, -9), DecimalSI),
            ("0.00000000050", dec(1, -9), DecimalSI),
            ("0.5e-9", dec(1, -9), DecimalExponent),
            ("0.9n", dec(1, -9), DecimalSI),
            ("0.00000012345", dec(124, -9), DecimalSI),
            ("0.00000012354", dec(124, -9), DecimalSI),
            ("9Ei", MAX_ALLOWED_NANOS, BinarySI),
            ("9223372036854775807Ki", MAX_ALLOWED_NANOS, BinarySI),
            ("12E", dec(12, 18), DecimalSI),
            ("100.035Ki", dec(10243584, -2), BinarySI),
            ("0.5Mi", dec(512 * 1024, 0), BinarySI),
            ("0.05Gi", dec(536870912, -1), BinarySI),
            ("0.025Ti", dec(274877906944, -1), BinarySI),
            ("0.000000000001Ki", dec(2, -9), DecimalSI),
            (".001", dec(1, -3), DecimalSI),
            (".0001k", dec(100, -3), DecimalSI),
            ("1.", dec(1, 0), DecimalSI),
            ("1.G", dec(1, 9), DecimalSI),
        ];
        for (input, nanos, format) in table {
            let got = q(input);
            assert_eq!(got.nanos(), *nanos, "{input}");
            assert_eq!(got.format(), *format, "{input}");
            // the negative and explicit-plus versions of everything
            let neg = q(&format!("-{input}"));
            assert_eq!(neg.nanos(), -nanos, "-{input}");
            assert_eq!(neg.format(), *format, "-{input}");
            let plus = q(&format!("+{input}"));
            assert_eq!(plus.nanos(), *nanos, "+{input}");
        }
    }

    // quantity_test.go TestQuantityParse invalid list
    #[test]
    fn quantity_parse_invalid() {
        assert_eq!(Quantity::parse(""), Err(QuantityError::FormatWrong));
        for s in [
            "1.1.M",
            "1+1.0M",
            "0.1mi",
            "0.1am",
            "aoeu",
            ".5i",
            "1i",
            "-3.01i",
            "-3.01e-",
            "1e4294967297",
            " 1",
            "1 ",
        ] {
            assert!(Quantity::parse(s).is_err(), "{s}");
        }
        assert_eq!(
            Quantity::parse("1 ").unwrap_err().to_string(),
            "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
        );
        assert_eq!(
            Quantity::parse("1i").unwrap_err().to_string(),
            "unable to parse quantity's suffix"
        );
        assert_eq!(
            parse_milli("abc").unwrap_err(),
            "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
        );
    }

    // quantity_test.go TestParseQuantityString: "." and "-." parse as zero
    #[test]
    fn odd_but_valid() {
        assert!(q(".").is_zero());
        assert!(q("-.").is_zero());
        assert_eq!(q("1E-3").nanos(), dec(1, -3));
    }

    // quantity_test.go TestQuantityString (expect column, built from values)
    #[test]
    fn quantity_string() {
        use Format::*;
        let table: &[(i128, Format, &str)] = &[
            (dec(1 << 30, 0), BinarySI, "1Gi"),
            (dec(300 << 20, 0), BinarySI, "300Mi"),
            (dec(6 * 1024, 0), BinarySI, "6Ki"),
            (dec(1001 << 30, 0), BinarySI, "1001Gi"),
            (dec(1 << 40, 0), BinarySI, "1Ti"),
            (dec(5, 0), BinarySI, "5"),
            (dec(500, -3), BinarySI, "500m"),
            (dec(1, 9), DecimalSI, "1G"),
            (dec(1000, 6), DecimalSI, "1G"),
            (dec(1000000, 3), DecimalSI, "1G"),
            (dec(1000000000, 0), DecimalSI, "1G"),
            (dec(1, -3), DecimalSI, "1m"),
            (dec(80, -3), DecimalSI, "80m"),
            (dec(1080, -3), DecimalSI, "1080m"),
            (dec(108, -2), DecimalSI, "1080m"),
            (dec(10800, -4), DecimalSI, "1080m"),
            (dec(300, 6), DecimalSI, "300M"),
            (dec(1, 12), DecimalSI, "1T"),
            (dec(1, 18), DecimalSI, "1E"),
            (dec(1, 21), DecimalSI, "1e21"),
            (dec(5, 21), DecimalSI, "5e21"),
            (dec(1234567, 6), DecimalSI, "1234567M"),
            (dec(1234567, -3), BinarySI, "1234567m"),
            (dec(3, 3), DecimalSI, "3k"),
            (dec(1025, 0), BinarySI, "1025"),
            (dec(0, 0), DecimalSI, "0"),
            (dec(0, 0), BinarySI, "0"),
            (dec(1, 9), DecimalExponent, "1e9"),
            (dec(1, -3), DecimalExponent, "1e-3"),
            (dec(1, -9), DecimalExponent, "1e-9"),
            (dec(80, -3), DecimalExponent, "80e-3"),
            (dec(300, 6), DecimalExponent, "300e6"),
            (dec(1, 12), DecimalExponent, "1e12"),
            (dec(1, 3), DecimalExponent, "1e3"),
            (dec(3, 3), DecimalExponent, "3e3"),
            (dec(3, 3), DecimalSI, "3k"),
            (dec(0, 0), DecimalExponent, "0"),
            (dec(1, -9), DecimalSI, "1n"),
            (dec(80, -9), DecimalSI, "80n"),
            (dec(1080, -9), DecimalSI, "1080n"),
            (dec(108, -8), DecimalSI, "1080n"),
            (dec(1, -6), DecimalSI, "1u"),
            (dec(80, -6), DecimalSI, "80u"),
            (dec(1080, -6), DecimalSI, "1080u"),
        ];
        for (nanos, format, want) in table {
            let got = Quantity::from_nanos(*nanos, *format);
            assert_eq!(got.to_string(), *want, "{nanos} {format:?}");
            // the canonical string parses back to the same value and is kept verbatim
            let back = q(want);
            assert_eq!(back.nanos(), *nanos, "{want}");
            assert_eq!(back.to_string(), *want, "{want}");
            if *nanos != 0 {
                let negq = Quantity::from_nanos(-nanos, *format);
                assert_eq!(negq.to_string(), format!("-{want}"));
            }
        }
        // alternates print canonically
        for (alt, want) in [
            ("1024Mi", "1Gi"),
            ("307200Ki", "300Mi"),
            ("5000m", "5"),
            ("0.5", "500m"),
            ("1000M", "1G"),
            ("0.001T", "1G"),
            ("1000u", "1m"),
            ("1.08", "1080m"),
            ("1080000000n", "1080m"),
            ("1000E", "1e21"),
            (".001e12", "1e9"),
            ("0.001e0", "1e-3"),
            ("1000e-12", "1e-9"),
            ("00", "0"),
        ] {
            assert_eq!(q(alt).to_string(), want, "{alt}");
        }
    }

    // quantity_test.go TestQuantityParseEmit
    #[test]
    fn quantity_parse_emit() {
        for (input, want) in [
            ("1Ki", "1Ki"),
            ("1Mi", "1Mi"),
            ("1Gi", "1Gi"),
            ("1024Mi", "1Gi"),
            ("1000M", "1G"),
            (".001Ki", "1024m"),
            (".000001Ki", "1024u"),
            (".000000001Ki", "1024n"),
            (".000000000001Ki", "2n"),
        ] {
            assert_eq!(q(input).to_string(), want, "{input}");
            assert_eq!(q(&format!("-{input}")).to_string(), format!("-{want}"));
        }
    }

    // quantity.go Value()/MilliValue(): ceil; TestQuantityRoundUp for the rounding direction
    #[test]
    fn value_and_milli_value() {
        assert_eq!(parse_milli("100m"), Ok(100));
        assert_eq!(parse_milli("0.5"), Ok(500));
        assert_eq!(parse_milli("1"), Ok(1000));
        assert_eq!(parse_milli("1.5"), Ok(1500));
        assert_eq!(parse_milli("250u"), Ok(1));
        assert_eq!(parse_value("128Mi"), Ok(134_217_728));
        assert_eq!(parse_value("1Gi"), Ok(1_073_741_824));
        assert_eq!(parse_value("1G"), Ok(1_000_000_000));
        assert_eq!(parse_value("1e3"), Ok(1000));
        assert_eq!(parse_value("1k"), Ok(1000));
        assert_eq!(parse_value("100m"), Ok(1));
        assert_eq!(parse_value("9.01"), Ok(10));
        assert_eq!(q("-9.01").value(), -10);
        assert_eq!(parse_value("110"), Ok(110));
    }

    #[test]
    fn display_helpers() {
        assert_eq!(format_milli_cpu(500), "500m");
        assert_eq!(format_milli_cpu(1000), "1");
        assert_eq!(format_milli_cpu(1500), "1500m");
        assert_eq!(format_milli_cpu(0), "0");
        assert_eq!(format_bytes(1 << 30), "1Gi");
        assert_eq!(format_bytes(128 << 20), "128Mi");
        // BinarySI under 1024 prints as DecimalSI (CanonicalizeBytes)
        assert_eq!(format_bytes(1000), "1k");
        assert_eq!(format_bytes(1025), "1025");
        // quantity_test.go TestBinarySIZeroExponentString
        assert_eq!(
            Quantity::from_value(2000, Format::BinarySI).to_string(),
            "2000"
        );
        assert_eq!(
            Quantity::from_value(-2000, Format::BinarySI).to_string(),
            "-2000"
        );
        // Parsed strings in canonical form come back verbatim (q.s in quantity.go).
        assert_eq!(q("100m").to_string(), "100m");
        assert_eq!(q("1E3").to_string(), "1E3");
        assert_eq!(q("+1").to_string(), "+1");
        assert_eq!(q("1000m").to_string(), "1");
    }

    proptest! {
        /// Printing then parsing keeps the exact value, and the printed form is stable.
        #[test]
        fn format_parse_round_trip(
            v in -1_000_000_000_000_000i64..1_000_000_000_000_000i64,
            scale in 0u32..4,
            f in 0u8..3,
        ) {
            let format = match f { 0 => Format::DecimalSI, 1 => Format::BinarySI, _ => Format::DecimalExponent };
            let nanos = i128::from(v) * 10i128.pow(scale * 3);
            let original = Quantity::from_nanos(nanos, format);
            let text = original.to_string();
            let parsed = Quantity::parse(&text).expect("canonical text parses");
            prop_assert_eq!(parsed.nanos(), nanos);
            // BinarySI values without a binary suffix (e.g. "2000") re-parse as DecimalSI and
            // may print differently ("2k"), as upstream; after that the text is stable.
            let text2 = parsed.to_string();
            let parsed2 = Quantity::parse(&text2).expect("printed form parses");
            prop_assert_eq!(parsed2.nanos(), nanos);
            prop_assert_eq!(parsed2.to_string(), text2.clone());
            if format != Format::BinarySI {
                prop_assert_eq!(text2, text);
            }
        }

        /// Any accepted input re-parses from its printed form to the same value.
        #[test]
        fn parse_print_parse(num in "[0-9]{0,6}(\\.[0-9]{0,6})?", suffix in prop_oneof![
            Just(""), Just("m"), Just("k"), Just("M"), Just("G"), Just("Ki"), Just("Mi"), Just("Gi"), Just("e3"), Just("n"), Just("u")
        ]) {
            let input = format!("{num}{suffix}");
            if let Ok(first) = Quantity::parse(&input) {
                let again = Quantity::parse(&first.to_string()).expect("printed form parses");
                prop_assert_eq!(again.nanos(), first.nanos());
            }
        }
    }
}
