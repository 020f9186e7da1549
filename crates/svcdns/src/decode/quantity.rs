//! apimachinery's `resource.Quantity` parsing, reduced to whether a text
//! is accepted and which error refuses it.

/// `resource.ErrFormatWrong`.
pub(super) const QUANTITY_FORMAT_WRONG: &str =
    "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
/// `resource.ErrSuffix`.
pub(super) const QUANTITY_SUFFIX: &str = "unable to parse quantity's suffix";
/// `resource.ErrNumeric`.
pub(super) const QUANTITY_NUMERIC: &str = "unable to parse numeric part of quantity";

/// apimachinery `resource.ParseQuantity` (with `parseQuantityString` and
/// the suffixer's `interpret`), reduced to whether it accepts the text and
/// which error it gives: a sign, digits with at most one `.`, then a suffix
/// that is binary (`Ki` to `Ei`), decimal SI (`n u m k M G T P E` or none)
/// or a decimal exponent (`e3`, `E-2`).
pub(super) fn parse_quantity(text: &str) -> Result<(), &'static str> {
    let b = text.as_bytes();
    if b.is_empty() {
        return Err(QUANTITY_FORMAT_WRONG);
    }
    let sign_len = usize::from(matches!(b[0], b'-' | b'+'));
    let mut pos = sign_len;
    while pos < b.len() && b[pos] == b'0' {
        pos += 1;
    }
    if pos == b.len() {
        return Ok(()); // all zeros (or a lone sign): zero
    }
    while pos < b.len() && b[pos].is_ascii_digit() {
        pos += 1;
    }
    if pos < b.len() && b[pos] == b'.' {
        pos += 1;
        while pos < b.len() && b[pos].is_ascii_digit() {
            pos += 1;
        }
    }
    // inf.Dec.SetString needs a digit somewhere in the numeric part.
    let any_digit = b[sign_len..pos].iter().any(u8::is_ascii_digit);
    let suffix_start = pos;
    while pos < b.len() && b"eEinumkKMGTP".contains(&b[pos]) {
        pos += 1;
    }
    if pos < b.len() && matches!(b[pos], b'-' | b'+') {
        pos += 1;
    }
    while pos < b.len() && b[pos].is_ascii_digit() {
        pos += 1;
    }
    if pos < b.len() {
        return Err(QUANTITY_FORMAT_WRONG);
    }
    let suffix = &text[suffix_start..];
    const SUFFIXES: [&str; 16] = [
        "", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "n", "u", "m", "k", "M", "G", "T", "P", "E",
    ];
    let known = SUFFIXES.contains(&suffix)
        || (suffix.len() > 1 && suffix.starts_with(['e', 'E']) && is_int64(&suffix[1..]));
    if !known {
        return Err(QUANTITY_SUFFIX);
    }
    if !any_digit {
        return Err(QUANTITY_NUMERIC);
    }
    Ok(())
}

/// Whether `strconv.ParseInt(s, 10, 64)` reads `s`: an optional sign and
/// decimal digits that fit in an i64.
pub(super) fn is_int64(s: &str) -> bool {
    let (negative, digits) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let digits = digits.trim_start_matches('0');
    let limit = if negative {
        "9223372036854775808"
    } else {
        "9223372036854775807"
    };
    digits.len() < limit.len() || (digits.len() == limit.len() && digits <= limit)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shapes apimachinery's `ParseQuantity` accepts and the error it
    /// gives for the ones it refuses.
    #[test]
    fn quantities_parse_as_apimachinery_parses_them() {
        for ok in [
            "0",
            "10Gi",
            "1.5",
            "+1",
            "-1",
            "500m",
            "1e3",
            "1E-3",
            "100Ki",
            "1.",
            ".5",
            "0.5Mi",
            "1E",
            "-",
            "007",
            "1e-9223372036854775808",
            "1e+9223372036854775807",
        ] {
            assert_eq!(parse_quantity(ok), Ok(()), "{ok}");
        }
        for (bad, err) in [
            ("", QUANTITY_FORMAT_WRONG),
            ("10 Gi", QUANTITY_FORMAT_WRONG),
            ("abc", QUANTITY_FORMAT_WRONG),
            ("1.2.3", QUANTITY_FORMAT_WRONG),
            ("10GB", QUANTITY_FORMAT_WRONG),
            ("10Gb", QUANTITY_FORMAT_WRONG),
            ("10ki", QUANTITY_SUFFIX),
            ("1e", QUANTITY_SUFFIX),
            ("1mi", QUANTITY_SUFFIX),
            ("1e99999999999999999999", QUANTITY_SUFFIX),
            (".", QUANTITY_NUMERIC),
        ] {
            assert_eq!(parse_quantity(bad), Err(err), "{bad}");
        }
    }
}
