//! A Markdown datasheet skeleton for a table, after the seven sections of Gebru et al.,
//! "Datasheets for Datasets" (Communications of the ACM, 2021): each section asks its
//! questions (in our words), answers what can be measured from the table (rows,
//! columns, types, missing shares, distinct values, class balance, SHA-256) and from
//! the bundled registry (source, licence, description), and leaves a `> TO FILL:` line
//! for everything only the people behind the data can answer.
//!
//! Text from the data (column names, categories) is escaped so that it stays inside its
//! table cell: a column named `|x|` or `# y` cannot add a cell or a heading.

use std::fmt::Write as _;

use super::encode::CodedTable;
use super::schema::{fingerprint, of_coded};
use super::{AuditError, MAX_TARGET_CLASSES, percent};
use crate::ml::datasets::DatasetInfo;
use crate::ml::io::{Table, name_list};
use crate::sanitize::clean_line;

/// What the datasheet is told beyond the table.
#[derive(Debug, Clone, Default)]
pub struct SheetInput<'a> {
    /// How the data was named on the command line (a path or a bundled name).
    pub source: &'a str,
    /// The file's SHA-256 (hexadecimal), when known.
    pub sha256: &'a str,
    /// The target column, if any.
    pub target: Option<&'a str>,
    /// The registry entry of a bundled dataset.
    pub info: Option<&'a DatasetInfo>,
}

/// The marker of a blank a person fills.
pub const TO_FILL: &str = "> TO FILL:";

/// The section headings, in order.
pub const SECTIONS: [&str; 7] = [
    "Motivation",
    "Composition",
    "Collection process",
    "Preprocessing, cleaning and labeling",
    "Uses",
    "Distribution",
    "Maintenance",
];

/// Escapes text from the data for a Markdown table cell or the rest of a line: one
/// line, no control characters, and every character Markdown could read as markup or
/// a cell border inside a line (`\\`, `` ` ``, `*`, `_`, `[`, `]`, `<`, `>`, `|`, `~`,
/// `&`, `#`) behind a backslash. The text never starts a line, so list and heading
/// markers need no escape elsewhere.
pub fn escape(text: &str) -> String {
    let text = crate::sanitize::clean_line(text);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\`*_[]<>|~&#".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    if out.trim().is_empty() {
        "(empty)".to_string()
    } else {
        out
    }
}

/// The datasheet of `table`.
pub fn datasheet(table: &Table, input: &SheetInput) -> Result<String, AuditError> {
    let target = match input.target {
        Some(name) => Some(table.column_index(name).map_err(|e| {
            e.with_hint(format!(
                "--target names a column of the table; its columns are: {}",
                name_list(&table.headers)
            ))
        })?),
        None => None,
    };
    let coded = CodedTable::new(table, None);
    let info = input.info;
    let mut s = String::new();
    let _ = writeln!(s, "# Datasheet: {}\n", escape(input.source));
    let _ = writeln!(
        s,
        "A skeleton after Gebru et al., \"Datasheets for Datasets\" (Communications of the \
         ACM, 2021). The measured parts were filled by `mlpath datasheet`; every line \
         starting with `{TO_FILL}` is for the people who made or maintain the data.\n"
    );

    section(&mut s, 0);
    ask(
        &mut s,
        &[
            "Why was the data set made: which task or question, which gap did it fill?",
            "Who made it, for whom (a team, a company, an institution), and who paid?",
        ],
    );
    if let Some(info) = info {
        let _ = writeln!(
            s,
            "Source and citation (from the bundled registry): {}\n",
            clean_line(&info.source)
        );
        let _ = writeln!(s, "Description: {}\n", clean_line(&info.description));
    }
    fill(&mut s, "purpose, creators, funding");

    section(&mut s, 1);
    ask(
        &mut s,
        &[
            "What does one row stand for (a person, a document, an image, a transaction)?",
            "Is it every instance there is or a sample, and if a sample, of what and how drawn?",
            "Does it hold anything confidential or sensitive, or rows that identify people, directly or in combination?",
        ],
    );
    let _ = writeln!(s, "Measured:\n");
    let _ = writeln!(s, "- rows: {}", table.n_rows());
    let _ = writeln!(s, "- columns: {}", table.headers.len());
    if let Some(t) = target {
        let _ = writeln!(s, "- target: {}", escape(&table.headers[t]));
    }
    let _ = writeln!(s);
    let _ = writeln!(s, "| column | type | missing | distinct values |");
    let _ = writeln!(s, "|---|---|---|---|");
    let schema = of_coded(table, &coded);
    for (column, entry) in schema.iter().enumerate() {
        let profile = &coded.profiles[column];
        let _ = writeln!(
            s,
            "| {} | {} | {} ({}) | {} |",
            escape(&entry.column),
            entry.kind,
            profile.missing,
            percent(profile.missing, table.n_rows()),
            profile.distinct()
        );
    }
    let _ = writeln!(s);
    if let Some(t) = target {
        balance(&mut s, table, &coded, t);
    }
    fill(
        &mut s,
        "what a row is, sampling, what each column means and its unit, known errors or noise, sensitive content",
    );

    section(&mut s, 2);
    ask(
        &mut s,
        &[
            "How was each value obtained: measured by an instrument, reported by people, derived from other data?",
            "Over which period, by whom, and were they paid? Was an ethics review done?",
            "If the rows are about people: did they know, did they agree, can they withdraw?",
        ],
    );
    if let Some(info) = info {
        let _ = writeln!(
            s,
            "Provenance (from the bundled registry): {}\n",
            clean_line(&info.source)
        );
    }
    fill(
        &mut s,
        "collection method, period, people involved, consent",
    );

    section(&mut s, 3);
    ask(
        &mut s,
        &[
            "Was anything removed, cleaned, discretised, imputed or labelled before this file? By whom, with which tool?",
            "Is the raw data kept somewhere, so that the processing can be redone or checked?",
        ],
    );
    let missing_cols = coded.profiles.iter().filter(|p| p.missing > 0).count();
    let _ = writeln!(
        s,
        "Measured: {missing_cols} of {} columns have missing cells (empty, NA, N/A, NaN, \
         null, None or ?); `mlpath audit` lists them with duplicates, constant columns and \
         label issues.\n",
        table.headers.len()
    );
    fill(
        &mut s,
        "processing steps, labelling process, where the raw data is",
    );

    section(&mut s, 4);
    ask(
        &mut s,
        &[
            "What has the data already been used for, and where is that written up?",
            "What else could it serve, and what should it not be used for?",
            "Could anything in how it was made or cleaned harm a group of people if a model learns from it?",
        ],
    );
    fill(
        &mut s,
        "past uses, suitable and unsuitable uses, known risks",
    );

    section(&mut s, 5);
    ask(
        &mut s,
        &["Who may get the data, how, and under which licence or terms?"],
    );
    if let Some(info) = info {
        let _ = writeln!(
            s,
            "Licence (from the bundled registry): {}\n",
            clean_line(&info.licence)
        );
    }
    let _ = writeln!(s, "Identity of this version:\n");
    if !input.sha256.is_empty() {
        let _ = writeln!(s, "- SHA-256: `{}`", input.sha256);
    }
    let _ = writeln!(s, "- schema fingerprint: `{}`\n", fingerprint(&schema));
    if info.is_none() {
        fill(
            &mut s,
            "licence or terms of use, how it is shared, any restriction",
        );
    } else {
        fill(&mut s, "any restriction beyond the licence");
    }

    section(&mut s, 6);
    ask(
        &mut s,
        &[
            "Who keeps the data, and how can they be reached?",
            "Will it be corrected or extended? How will users learn of a new version, and will old ones stay available?",
            "If it is about people: how long may it be kept?",
        ],
    );
    fill(&mut s, "maintainer, contact, update and retention policy");
    Ok(s)
}

fn section(s: &mut String, index: usize) {
    let _ = writeln!(s, "## {}. {}\n", index + 1, SECTIONS[index]);
}

fn ask(s: &mut String, questions: &[&str]) {
    for question in questions {
        let _ = writeln!(s, "- {question}");
    }
    let _ = writeln!(s);
}

fn fill(s: &mut String, what: &str) {
    let _ = writeln!(s, "{TO_FILL} {what}.\n");
}

/// The target's class shares, or why there are none.
fn balance(s: &mut String, table: &Table, coded: &CodedTable, target: usize) {
    let profile = &coded.profiles[target];
    if !(2..=MAX_TARGET_CLASSES).contains(&profile.distinct()) {
        let _ = writeln!(
            s,
            "The target has {} distinct values: not read as classes, no class balance.\n",
            profile.distinct()
        );
        return;
    }
    let cells = table.text(target);
    let labelled = table.n_rows() - profile.missing;
    let mut classes: Vec<(&str, usize)> = (1..profile.counts.len())
        .map(|code| (&cells[profile.first_row[code]], profile.counts[code]))
        .collect();
    classes.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let _ = writeln!(s, "Class balance of the target:\n");
    let _ = writeln!(s, "| class | rows | share |");
    let _ = writeln!(s, "|---|---|---|");
    for (class, count) in classes {
        let _ = writeln!(
            s,
            "| {} | {count} | {} |",
            escape(class),
            percent(count, labelled)
        );
    }
    let _ = writeln!(s);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(csv: &str) -> Table {
        Table::from_bytes("t.csv", csv.as_bytes()).unwrap()
    }

    fn input(target: Option<&str>) -> SheetInput<'_> {
        SheetInput {
            source: "t.csv",
            sha256: "ab12",
            target,
            info: None,
        }
    }

    #[test]
    fn measured_parts_are_filled_and_the_rest_marked() {
        let t = table("a,b,y\n1,x,0\n2,,1\nNA,z,0\n4,x,0\n");
        let sheet = datasheet(&t, &input(Some("y"))).unwrap();
        for (i, name) in SECTIONS.iter().enumerate() {
            assert!(sheet.contains(&format!("## {}. {name}\n", i + 1)), "{name}");
        }
        assert!(sheet.matches(TO_FILL).count() >= 7);
        assert!(sheet.contains("- rows: 4\n- columns: 3\n- target: y"));
        assert!(sheet.contains("| a | number | 1 (25.0 %) | 3 |"), "{sheet}");
        assert!(sheet.contains("| b | text | 1 (25.0 %) | 2 |"), "{sheet}");
        assert!(sheet.contains("| 0 | 3 | 75.0 % |"), "{sheet}");
        assert!(sheet.contains("| 1 | 1 | 25.0 % |"), "{sheet}");
        assert!(sheet.contains("SHA-256: `ab12`"));
    }

    #[test]
    fn an_unknown_target_is_refused() {
        let t = table("a,b\n1,2\n");
        assert!(datasheet(&t, &input(Some("zz"))).is_err());
    }

    #[test]
    fn text_from_the_data_cannot_break_the_markdown() {
        let t = table("\"|x|\",# y,c\n1,\"a|b\",\"*c*\"\n2,b,c\n");
        let sheet = datasheet(&t, &input(Some("# y"))).unwrap();
        // Every table row still has exactly its cells: 4 unescaped pipes in a 3-cell row
        // and 5 in a 4-cell row.
        for line in sheet.lines().filter(|l| l.starts_with('|')) {
            let pipes = line.len() - line.replace('|', "").len();
            let escaped = line.matches("\\|").count();
            assert!(pipes - escaped == 4 || pipes - escaped == 5, "{line}");
        }
        assert!(sheet.contains("| \\|x\\| | number |"), "{sheet}");
        assert!(sheet.contains("| a\\|b | 1 |"), "{sheet}");
        assert!(!sheet.lines().any(|l| l.starts_with("# y")));
        assert_eq!(escape("a\nb\u{1b}[31m"), "a b");
        assert_eq!(escape("[x](y) <b>"), "\\[x\\](y) \\<b\\>");
        assert_eq!(escape(""), "(empty)");
    }
}
