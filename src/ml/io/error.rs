//! The one error type of the data path: what went wrong with input data, where (file,
//! line, column) and how to fix it.

use std::fmt;

/// A problem with input data: what went wrong and where, with a hint on how to fix it.
#[derive(Debug, Clone, PartialEq)]
pub struct DataError {
    /// The file (or bundled dataset name) the data came from.
    pub file: String,
    /// 1-based line in the file, when the problem is on one line.
    pub line: Option<u64>,
    /// The column involved, when there is one.
    pub column: Option<String>,
    pub message: String,
    pub hint: Option<String>,
}

impl DataError {
    pub fn new(file: impl Into<String>, message: impl Into<String>) -> Self {
        DataError {
            file: file.into(),
            line: None,
            column: None,
            message: message.into(),
            hint: None,
        }
    }
    pub fn at_line(mut self, line: u64) -> Self {
        self.line = Some(line);
        self
    }
    pub fn in_column(mut self, column: impl Into<String>) -> Self {
        self.column = Some(column.into());
        self
    }
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        write!(f, ": ")?;
        if let Some(column) = &self.column {
            write!(f, "column '{column}': ")?;
        }
        write!(f, "{}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

impl std::error::Error for DataError {}

/// How many names [`name_list`] shows before it counts the rest.
pub const LISTED_NAMES: usize = 20;

/// Column (or label) names for a message, comma-separated: the first [`LISTED_NAMES`],
/// then how many more there are, so that a table with a million columns does not print
/// a megabyte of error. Each name is cleaned of control characters and capped in length.
pub fn name_list(names: &[String]) -> String {
    const NAME_CHARS: usize = 40;
    let mut shown: Vec<String> = names
        .iter()
        .take(LISTED_NAMES)
        .map(|n| {
            let n = crate::sanitize::clean_line(n);
            if n.chars().count() > NAME_CHARS {
                n.chars().take(NAME_CHARS - 1).chain(['…']).collect()
            } else {
                n
            }
        })
        .collect();
    if names.len() > LISTED_NAMES {
        shown.push(format!("… and {} more", names.len() - LISTED_NAMES));
    }
    shown.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_name_lists_count_the_rest() {
        let names: Vec<String> = (0..25).map(|i| format!("c{i}")).collect();
        let shown = name_list(&names);
        assert!(shown.starts_with("c0, c1, "), "{shown}");
        assert!(shown.ends_with("c19, … and 5 more"), "{shown}");
        assert_eq!(name_list(&names[..2]), "c0, c1");
        let long = ["x".repeat(100), "a\u{1b}[2Jb".to_string()];
        let shown = name_list(&long);
        assert_eq!(shown, format!("{}…, ab", "x".repeat(39)));
    }
}
