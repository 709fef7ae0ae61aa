//! Where a name stands as a whole word in a text (not inside a longer name), for the checks
//! that read code as text where no syntax tree is at hand.

/// The offsets at which `word` stands in `code` with no name character (letter, digit, `_`)
/// just before or after it.
pub fn whole<'c>(code: &'c str, word: &'c str) -> impl Iterator<Item = usize> + 'c {
    let name = |c: char| c.is_alphanumeric() || c == '_';
    code.match_indices(word).filter_map(move |(at, _)| {
        let before = code[..at].chars().next_back();
        let after = code[at + word.len()..].chars().next();
        (!before.is_some_and(name) && !after.is_some_and(name)).then_some(at)
    })
}

#[cfg(test)]
mod tests {
    use super::whole;

    #[test]
    fn only_whole_words() {
        let code = "task = tasks[0]; my_task(task)\n_task.task";
        let found: Vec<usize> = whole(code, "task").collect();
        assert_eq!(found, [0, 25, 37]);
    }
}
