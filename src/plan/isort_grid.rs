//! A `from` import the fix adds names to, written as isort writes it where the project's isort
//! wraps in a grid (`multi_line_output` 4 or 5: panel's `from typing import (\n    IO,
//! TYPE_CHECKING, Any, ...,\n    Type,\n)`), not one name a line. As isort 9's `output.py`
//! decides to wrap (`force_grid_wrap` names, or a line over the length) and its
//! `wrap_modes._vertical_grid_common` fills the lines.

use crate::settings::Grid;

/// The statement `head` (`from typing import `) with `names`, as isort leaves it; `None` where
/// isort explodes it one name a line instead (`split_on_trailing_comma`), which the caller
/// writes.
pub(super) fn grid_import(
    head: &str,
    names: &[String],
    grid: Grid,
    line_length: usize,
    (had_trailing_comma, eol): (bool, &str),
) -> Option<String> {
    let one_line = format!("{head}{}", names.join(", "));
    let wrap = (grid.force_grid_wrap > 0 && names.len() >= grid.force_grid_wrap)
        || one_line.chars().count() > line_length;
    if grid.split_on_trailing_comma && (had_trailing_comma || (grid.include_trailing_comma && wrap))
    {
        return None;
    }
    let (first, rest) = names.split_first()?;
    if !wrap {
        return Some(one_line);
    }
    let length = match grid.wrap_length {
        0 => line_length,
        n => n,
    };
    // isort's default `indent`.
    let indent = "    ";
    let mut statement = format!("{head}({eol}{indent}{first}");
    for (at, name) in rest.iter().enumerate() {
        let last = at + 1 == rest.len();
        let joined = format!("{statement}, {name}");
        let mut width = joined.rsplit(eol).next().unwrap_or("").chars().count();
        // A comma after it, and under mode 4 the closing parenthesis after the last.
        width += usize::from(!last || grid.include_trailing_comma);
        width += usize::from(last && !grid.grouped);
        statement = match width > length {
            true => format!("{statement},{eol}{indent}{name}"),
            false => joined,
        };
    }
    if grid.include_trailing_comma {
        statement.push(',');
    }
    if grid.grouped {
        statement.push_str(eol);
    }
    statement.push(')');
    Some(statement)
}

#[cfg(test)]
mod tests {
    use super::grid_import;
    use crate::settings::Grid;

    #[test]
    fn fills_each_line_as_isort_does() {
        let names: Vec<String> = ["IO", "TYPE_CHECKING", "Any", "Callable", "ClassVar", "Dict"]
            .map(str::to_owned)
            .to_vec();
        let grid = Grid {
            grouped: true,
            include_trailing_comma: true,
            force_grid_wrap: 4,
            ..Grid::default()
        };
        let wrapped = grid_import("from typing import ", &names, grid, 40, (false, "\n"));
        assert_eq!(
            wrapped.as_deref(),
            Some(
                "from typing import (\n    IO, TYPE_CHECKING, Any, Callable,\n    ClassVar, Dict,\n)"
            )
        );
        let short = grid_import("from typing import ", &names[..2], grid, 79, (false, "\n"));
        assert_eq!(
            short.as_deref(),
            Some("from typing import IO, TYPE_CHECKING")
        );
        let black = Grid {
            split_on_trailing_comma: true,
            ..grid
        };
        assert_eq!(
            grid_import("from x import ", &names, black, 79, (false, "\n")),
            None
        );
    }
}
