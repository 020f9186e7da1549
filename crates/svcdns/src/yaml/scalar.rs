//! YAML 1.1 plain scalars as go-yaml v2 (kubectl's reader) resolves them:
//! `yes`/`no`/`on`/`off`/`y`/`n` are booleans, `0644` is octal, `~` is null,
//! and Go's number syntax.

use super::ScalarKind;

/// Resolve a plain scalar as go-yaml v2 (YAML 1.1) does.
pub fn resolve_plain(text: &str) -> ScalarKind {
    // Most text starts with none of the characters of the words below or
    // of a number.
    if !matches!(
        text.as_bytes().first(),
        None | Some(
            b'0'..=b'9'
                | b'-'
                | b'+'
                | b'.'
                | b'~'
                | b'n'
                | b'N'
                | b'y'
                | b'Y'
                | b'o'
                | b'O'
                | b't'
                | b'T'
                | b'f'
                | b'F'
        )
    ) {
        return ScalarKind::Str;
    }
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return ScalarKind::Null,
        "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" | "true" | "True" | "TRUE" => {
            return ScalarKind::Bool(true)
        }
        "n" | "N" | "no" | "No" | "NO" | "off" | "Off" | "OFF" | "false" | "False" | "FALSE" => {
            return ScalarKind::Bool(false)
        }
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return ScalarKind::Float(f64::INFINITY)
        }
        "-.inf" | "-.Inf" | "-.INF" => return ScalarKind::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return ScalarKind::Float(f64::NAN),
        _ => {}
    }
    let first = text.as_bytes()[0];
    if !(first.is_ascii_digit() || matches!(first, b'-' | b'+' | b'.')) {
        return ScalarKind::Str;
    }
    let plain: String = text.chars().filter(|&c| c != '_').collect();
    if let Some(i) = parse_go_int(&plain) {
        return ScalarKind::Int(i);
    }
    // go-yaml v2 tries float only for text that looks like a float.
    let looks_float = plain
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'e' | b'E'))
        && plain.bytes().any(|b| b.is_ascii_digit());
    if looks_float {
        if let Some(f) = parse_decimal(&plain) {
            return ScalarKind::Float(f);
        }
    }
    ScalarKind::Str
}

/// A decimal float, `[+-]digits[.digits][(e|E)[+-]digits]`. Only whether a
/// value is integral, and which integer it is, matter to decoding, so this
/// small parser stands in for `str::parse::<f64>`, whose tables cost the
/// browser bundle about 15 KB. Integral values up to 2^53 and the usual
/// short decimals come out exact (10^k is exact for k <= 22, and one
/// division is correctly rounded).
fn parse_decimal(s: &str) -> Option<f64> {
    let (neg, body) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let (mantissa_text, exp_text) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let (int_part, frac_part) = match mantissa_text.find('.') {
        Some(i) => (&mantissa_text[..i], &mantissa_text[i + 1..]),
        None => (mantissa_text, ""),
    };
    if int_part.is_empty() && frac_part.is_empty() {
        return None;
    }
    let mut mantissa: u64 = 0;
    let mut exp: i64 = 0;
    for (i, b) in int_part.bytes().chain(frac_part.bytes()).enumerate() {
        if !b.is_ascii_digit() {
            return None;
        }
        let in_frac = i >= int_part.len();
        if mantissa < 1_000_000_000_000_000_000 {
            mantissa = mantissa * 10 + (b - b'0') as u64;
            if in_frac {
                exp -= 1;
            }
        } else if !in_frac {
            // Digits past u64 precision only scale the value.
            exp += 1;
        }
    }
    if let Some(e) = exp_text {
        let (eneg, digits) = match e.as_bytes().first()? {
            b'-' => (true, &e[1..]),
            b'+' => (false, &e[1..]),
            _ => (false, e),
        };
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let v: i64 = digits.parse::<i64>().unwrap_or(i64::MAX / 4).min(100_000);
        exp = exp.saturating_add(if eneg { -v } else { v });
    }
    let mut value = mantissa as f64;
    if exp > 0 {
        for _ in 0..exp.min(400) {
            value *= 10.0;
        }
    } else if exp < 0 {
        let k = (-exp).min(400);
        if k <= 22 {
            value /= 10f64.powi(k as i32);
        } else {
            for _ in 0..k {
                value /= 10.0;
            }
        }
    }
    Some(if neg { -value } else { value })
}

/// `strconv.ParseInt(s, 0, 64)`: optional sign, `0x`, `0o`, `0b` or a
/// leading `0` for octal.
fn parse_go_int(s: &str) -> Option<i64> {
    let (neg, body) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    if body.is_empty() {
        return None;
    }
    let (radix, digits) = if let Some(d) = body.strip_prefix("0x").or(body.strip_prefix("0X")) {
        (16, d)
    } else if let Some(d) = body.strip_prefix("0b").or(body.strip_prefix("0B")) {
        (2, d)
    } else if let Some(d) = body.strip_prefix("0o").or(body.strip_prefix("0O")) {
        (8, d)
    } else if body.len() > 1 && body.starts_with('0') {
        (8, &body[1..])
    } else {
        (10, body)
    };
    if digits.is_empty() || digits.starts_with(['+', '-']) {
        return None;
    }
    let magnitude = u64::from_str_radix(digits, radix).ok()?;
    if neg {
        if magnitude <= i64::MAX as u64 + 1 {
            Some((magnitude as i128).wrapping_neg() as i64)
        } else {
            None
        }
    } else {
        i64::try_from(magnitude).ok()
    }
}
