//! Words for people that several layers share: counts with the right plural.

/// A count with its noun, singular for one: `plural(1, "warning", "warnings")` is
/// "1 warning", `plural(3, ...)` is "3 warnings". Every "{n} things" in the interface,
/// the command line and the reports goes through here, so none says "1 problems".
pub fn plural<N>(n: N, one: &str, many: &str) -> String
where
    N: std::fmt::Display + PartialEq + From<u8>,
{
    format!("{n} {}", if n == N::from(1) { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_singular_and_everything_else_plural() {
        assert_eq!(plural(0, "entry", "entries"), "0 entries");
        assert_eq!(plural(1, "entry", "entries"), "1 entry");
        assert_eq!(plural(2, "problem", "problems"), "2 problems");
        assert_eq!(plural(21usize, "problem", "problems"), "21 problems");
        assert_eq!(plural(1u64, "review", "reviews"), "1 review");
        assert_eq!(plural(-1i32, "day", "days"), "-1 days");
    }
}
