//! The shape of every lesson-format file, as data: for each table the keys it takes,
//! each key's type, whether it is required, and what it means.
//!
//! These tables are the one list of keys. The loader's unknown-field check reads its
//! allowed keys from them (`Fields::shaped`), and `mlpath lessons schema` turns them
//! into a JSON Schema ([`super::schema`]), so that an editor's completion and the
//! checker cannot drift apart. The loader still checks each value by hand, with
//! positions and fixes; the tests prove that the two agree.

/// One key of a table.
#[derive(Debug)]
pub struct Key {
    pub name: &'static str,
    pub ty: Ty,
    pub required: bool,
    /// What the key means, one or two sentences; the schema's `description`.
    pub doc: &'static str,
    /// Keys that must be present whenever this one is.
    pub needs: &'static [&'static str],
}

/// A required key.
pub const fn req(name: &'static str, ty: Ty, doc: &'static str) -> Key {
    Key {
        name,
        ty,
        required: true,
        doc,
        needs: &[],
    }
}

/// An optional key.
pub const fn opt(name: &'static str, ty: Ty, doc: &'static str) -> Key {
    Key {
        name,
        ty,
        required: false,
        doc,
        needs: &[],
    }
}

impl Key {
    /// This key, needing `keys` beside it.
    pub const fn needing(self, keys: &'static [&'static str]) -> Key {
        Key {
            needs: keys,
            ..self
        }
    }
}

/// The type of a value, with the limits the loader checks on its own (without other
/// keys or files).
#[derive(Debug)]
pub enum Ty {
    /// Any string.
    Str,
    /// A string with some text that is not blank.
    Text,
    /// A string matching a regular expression (ECMA 262, as JSON Schema uses).
    Pattern(&'static str),
    /// A string from a closed list.
    Names(fn() -> Vec<&'static str>),
    /// This integer and no other.
    Const(i64),
    Int {
        min: Option<i64>,
        max: Option<i64>,
    },
    Number {
        min: Option<f64>,
        max: Option<f64>,
        /// A bound the value must stay above.
        above: Option<f64>,
    },
    Bool,
    /// An array of values of one type.
    List {
        item: &'static Ty,
        min: usize,
        unique: bool,
    },
    /// A table (inline or a `[header]`).
    Table(&'static Shape),
    /// An array of tables (`[[key]]` sections).
    Tables {
        shape: &'static Shape,
        min: usize,
    },
    /// An array of tables in which the integer `key` takes every value from `lo` to
    /// `hi` exactly once (the level scale).
    Scale {
        shape: &'static Shape,
        key: &'static str,
        lo: i64,
        hi: i64,
    },
    /// A table with keys of the authors' choosing, each holding a value of one type.
    Map {
        key: &'static str,
        value: &'static Ty,
        min: usize,
    },
    /// A value of any of these types.
    AnyOf(&'static [Ty]),
    /// A string, a number or a boolean.
    Scalar,
}

/// An integer of at least `min`.
pub const fn int_min(min: i64) -> Ty {
    Ty::Int {
        min: Some(min),
        max: None,
    }
}

/// An integer from `min` to `max`.
pub const fn int_range(min: i64, max: i64) -> Ty {
    Ty::Int {
        min: Some(min),
        max: Some(max),
    }
}

/// A number from `min` to `max`, either of which may be open.
pub const fn number(min: Option<f64>, max: Option<f64>) -> Ty {
    Ty::Number {
        min,
        max,
        above: None,
    }
}

/// A table's keys, in groups shared between tables (every lab step has the lab
/// keys of [`super::labs`]).
#[derive(Debug)]
pub struct Section {
    /// The name of its definition in the schema.
    pub id: &'static str,
    pub doc: &'static str,
    pub keys: &'static [&'static [Key]],
    /// Sets of keys of which a table has exactly one (`answer` or `answers`).
    pub exactly_one: &'static [&'static [&'static str]],
}

/// What a table may hold.
#[derive(Debug)]
pub enum Shape {
    /// Keys of one section.
    Section(Section),
    /// A key (`type`, `lab`, `check`, `find`) whose value chooses the table's section.
    Tagged {
        id: &'static str,
        doc: &'static str,
        tag: &'static str,
        variants: &'static [(&'static str, &'static Shape)],
    },
    /// One of several sections, told apart by their keys (a goal is a metric goal or
    /// a cost goal).
    OneOf {
        id: &'static str,
        doc: &'static str,
        shapes: &'static [&'static Shape],
    },
}

impl Section {
    pub fn all_keys(&self) -> impl Iterator<Item = &Key> {
        self.keys.iter().flat_map(|group| group.iter())
    }

    pub fn key(&self, name: &str) -> Option<&Key> {
        self.all_keys().find(|k| k.name == name)
    }
}

impl Shape {
    pub fn id(&self) -> &'static str {
        match self {
            Shape::Section(s) => s.id,
            Shape::Tagged { id, .. } | Shape::OneOf { id, .. } => id,
        }
    }

    /// Every section the shape may turn out to be.
    pub fn sections(&self) -> Vec<&Section> {
        match self {
            Shape::Section(s) => vec![s],
            Shape::Tagged { variants, .. } => {
                variants.iter().flat_map(|(_, s)| s.sections()).collect()
            }
            Shape::OneOf { shapes, .. } => shapes.iter().flat_map(|s| s.sections()).collect(),
        }
    }

    /// Every key a table of this shape may have, each once, in order.
    pub fn names(&self) -> Vec<&'static str> {
        let mut out: Vec<&'static str> = Vec::new();
        for section in self.sections() {
            for key in section.all_keys() {
                if !out.contains(&key.name) {
                    out.push(key.name);
                }
            }
        }
        out
    }

    /// The section a tagged table takes for this value of its tag.
    pub fn variant(&self, value: &str) -> Option<&'static Shape> {
        match self {
            Shape::Tagged { variants, .. } => {
                variants.iter().find(|(v, _)| *v == value).map(|(_, s)| *s)
            }
            _ => None,
        }
    }

    /// The tag values of a tagged shape, in order.
    pub fn tags(&self) -> Vec<&'static str> {
        match self {
            Shape::Tagged { variants, .. } => variants.iter().map(|(v, _)| *v).collect(),
            _ => Vec::new(),
        }
    }
}

/// `[a-z0-9-]+`: lesson, track and role ids.
pub const DASH_ID: &str = "^[a-z0-9-]+$";
/// `[a-z0-9_]+`: skill ids.
pub const SKILL_ID: &str = "^[a-z0-9_]+$";

pub const FORMAT_VERSION: Key = req(
    "format_version",
    Ty::Const(1),
    "The version of the lesson format: 1.",
);

pub const HINTS: Key = opt(
    "hints",
    Ty::List {
        item: &Ty::Text,
        min: 0,
        unique: false,
    },
    "Hints revealed one at a time (Markdown, none empty).",
);

pub const STEP_TITLE: Key = opt(
    "title",
    Ty::Text,
    "A short heading for the step; not empty if given.",
);

/// `independent`, which only exercise and lab steps take.
pub const INDEPENDENT: [Key; 1] = [opt(
    "independent",
    Ty::Bool,
    "true for an unguided task, done without a worked example or hints: meeting its goal \
     shows level 3 of the lesson's skills.",
)];

pub const TRACK: Shape = Shape::Section(Section {
    id: "track",
    doc: "A track.toml: a track of lessons, in its own directory beside its lesson files.",
    keys: &[&[
        FORMAT_VERSION,
        req(
            "id",
            Ty::Pattern(DASH_ID),
            "The track id, [a-z0-9-]+, e.g. \"metrics\"; lesson ids are <track>/<id>.",
        ),
        req("title", Ty::Text, "The track's title."),
        req(
            "summary",
            Ty::Text,
            "One or two sentences on what the track teaches.",
        ),
        opt(
            "order",
            Ty::Int {
                min: None,
                max: None,
            },
            "Tracks are listed by `order`, then id; tracks without one come last.",
        ),
    ]],
    exactly_one: &[],
});

fn level_names() -> Vec<&'static str> {
    super::Level::NAMES.to_vec()
}

pub const LESSON: Shape = Shape::Section(Section {
    id: "lesson",
    doc: "A lesson file (<NN>-<slug>.toml in a track directory): its facts and its steps.",
    keys: &[&[
        FORMAT_VERSION,
        req(
            "id",
            Ty::Pattern(DASH_ID),
            "The lesson id, [a-z0-9-]+, unique in its track; the full id is <track>/<id>.",
        ),
        req("title", Ty::Text, "The lesson's title."),
        req(
            "summary",
            Ty::Text,
            "One sentence on what the learner can do afterwards.",
        ),
        req(
            "minutes",
            Ty::Int {
                min: Some(1),
                max: Some(u32::MAX as i64),
            },
            "About how long the lesson takes, a positive whole number of minutes.",
        ),
        req(
            "level",
            Ty::Names(level_names),
            "How advanced the lesson is: beginner, intermediate or advanced.",
        ),
        opt(
            "requires",
            Ty::List {
                item: &Ty::Pattern("^[a-z0-9-]+/[a-z0-9-]+$"),
                min: 0,
                unique: true,
            },
            "Full ids (<track>/<id>) of lessons to take first, each once, not the lesson \
             itself; `lessons check` also checks that they exist and form no cycle.",
        ),
        opt(
            "skills",
            Ty::Map {
                key: SKILL_ID,
                value: &int_range(0, super::parse::MAX_LESSON_LEVEL as i64),
                min: 0,
            },
            "Skill id (from skills.toml) = the level this lesson gives evidence of: at most \
             2, or 3 with an `independent` exercise or lab step (4 and 5 come only from \
             outside evidence).",
        ),
        req(
            "steps",
            Ty::Tables {
                shape: &super::steps::STEP,
                min: 1,
            },
            "The steps, in order: one `[[steps]]` section each, at least one.",
        ),
    ]],
    exactly_one: &[],
});
