//! One column of a [`super::Table`] as text, stored compactly: every cell's text in one
//! buffer and where each cell ends. A `Vec<String>` would cost 24 bytes plus a heap block
//! per cell (about 56 bytes for a short number, seven times the `f64` it becomes); this
//! costs the text and 4 bytes.

use std::ops::Index;

/// The cells of one column, in row order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TextColumn {
    text: String,
    /// `ends[r]` is the end of cell `r` in `text`; cell `r` starts where `r - 1` ends.
    ends: Vec<u32>,
}

/// A column's text passed 4 GiB, more than a cell offset can address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnTooLarge;

impl TextColumn {
    pub fn new() -> TextColumn {
        TextColumn::default()
    }

    /// Appends a cell.
    pub fn push(&mut self, cell: &str) -> Result<(), ColumnTooLarge> {
        let end = u32::try_from(self.text.len() + cell.len()).map_err(|_| ColumnTooLarge)?;
        self.text.push_str(cell);
        self.ends.push(end);
        Ok(())
    }

    /// Appends every cell of `other`, in order.
    pub fn append(&mut self, other: &TextColumn) -> Result<(), ColumnTooLarge> {
        let offset = u32::try_from(self.text.len()).map_err(|_| ColumnTooLarge)?;
        u32::try_from(self.text.len() + other.text.len()).map_err(|_| ColumnTooLarge)?;
        self.text.push_str(&other.text);
        self.ends.extend(other.ends.iter().map(|&end| end + offset));
        Ok(())
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Cell `row`, if there is one.
    pub fn get(&self, row: usize) -> Option<&str> {
        let end = *self.ends.get(row)? as usize;
        let start = if row == 0 {
            0
        } else {
            self.ends[row - 1] as usize
        };
        Some(&self.text[start..end])
    }

    /// The cells in row order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        (0..self.len()).map(|r| &self[r])
    }

    /// The cells as owned strings.
    pub fn to_vec(&self) -> Vec<String> {
        self.iter().map(str::to_string).collect()
    }

    /// Releases the room kept for more cells.
    pub fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.ends.shrink_to_fit();
    }
}

impl Index<usize> for TextColumn {
    type Output = str;
    fn index(&self, row: usize) -> &str {
        match self.get(row) {
            Some(cell) => cell,
            None => panic!("row {row} of a column of {} cells", self.len()),
        }
    }
}

impl<'a> FromIterator<&'a str> for TextColumn {
    fn from_iter<I: IntoIterator<Item = &'a str>>(cells: I) -> TextColumn {
        let mut column = TextColumn::new();
        for cell in cells {
            column
                .push(cell)
                .expect("columns built in memory stay below 4 GiB");
        }
        column
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_come_back_as_pushed() {
        let cells = ["1.5", "", "abc", "é", ""];
        let column: TextColumn = cells.iter().copied().collect();
        assert_eq!(column.len(), 5);
        assert_eq!(column.iter().collect::<Vec<_>>(), cells);
        assert_eq!(&column[3], "é");
        assert_eq!(column.get(5), None);
        assert_eq!(column.to_vec(), cells.map(String::from));
    }

    proptest::proptest! {
        #[test]
        fn any_cells_round_trip(cells in proptest::collection::vec(".{0,8}", 0..40)) {
            let column: TextColumn = cells.iter().map(String::as_str).collect();
            proptest::prop_assert_eq!(column.to_vec(), cells);
        }
    }
}
