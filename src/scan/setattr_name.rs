//! The name a `setattr(obj, "name", value)` spells: a plain string constant as its second
//! argument binds that attribute and no other.

/// The constant second argument of the `setattr(` call whose arguments start at `args` (just
/// after the parenthesis): `Some(name)` for a plain `"name"` or `'name'` (no prefix, escape or
/// implicit concatenation), `None` when the name is computed or not read.
pub(crate) fn constant_name(args: &[u8]) -> Option<&[u8]> {
    let comma = first_argument_end(args)?;
    let rest = args.get(comma + 1..)?.trim_ascii_start();
    let quote = *rest.first().filter(|q| matches!(q, b'"' | b'\''))?;
    let len = rest[1..]
        .iter()
        .position(|&b| b == quote || b == b'\\' || b == b'\n')?;
    let name = &rest[1..1 + len];
    let after = rest.get(1 + len..)?;
    (after.first() == Some(&quote) && !name.is_empty())
        .then(|| after[1..].trim_ascii_start())
        .filter(|next| matches!(next.first(), Some(b',' | b')')))
        .map(|_| name)
}

/// The offset of the comma that ends the first argument, outside brackets and strings.
fn first_argument_end(args: &[u8]) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    let mut i = 0;
    while let Some(&b) = args.get(i) {
        match (quote, b) {
            (Some(_), b'\\') => i += 1,
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'(' | b'[' | b'{') => depth += 1,
            (None, b')' | b']' | b'}') if depth == 0 => return None,
            (None, b')' | b']' | b'}') => depth -= 1,
            (None, b',') if depth == 0 => return Some(i),
            (None, b'#') => return None,
            _ => {}
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::constant_name;

    fn name(call: &str) -> Option<&str> {
        let args = call.strip_prefix("setattr(").unwrap();
        constant_name(args.as_bytes()).map(|n| std::str::from_utf8(n).unwrap())
    }

    #[test]
    fn a_plain_string_names_the_attribute() {
        assert_eq!(name("setattr(text.buffer, \"text\", str(x))"), Some("text"));
        assert_eq!(name("setattr(f(a, b)[0], 'load' , v)"), Some("load"));
        assert_eq!(name("setattr(\n    obj,\n    \"m\",\n    v,\n)"), Some("m"));
    }

    #[test]
    fn a_computed_or_unread_name_is_none() {
        assert_eq!(name("setattr(obj, name, v)"), None);
        assert_eq!(name("setattr(obj, f\"m{i}\", v)"), None);
        assert_eq!(name("setattr(obj, \"a\" \"b\", v)"), None);
        assert_eq!(name("setattr(obj, \"a\\x62\", v)"), None);
        assert_eq!(name("setattr(obj, \"a\" + s, v)"), None);
        assert_eq!(name("setattr(*args)"), None);
        assert_eq!(name("setattr(obj, \"\", v)"), None);
    }
}
