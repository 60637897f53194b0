//! Checks of the keys that name dataset columns, labels and models.

use super::super::fields::{At, Ctx, quote};
use super::super::suggest::did_you_mean;
use super::{Lab, MODELS, example};

impl Lab<'_, '_> {
    /// Checks that `name` is a column of the dataset (a numeric one if asked).
    pub(super) fn column(
        &self,
        cx: &mut Ctx<'_>,
        key: &str,
        name: &At<String>,
        numeric: bool,
    ) -> bool {
        let (Some(info), Some(data)) = (self.info, self.data) else {
            return false;
        };
        let Ok(index) = data.column_index(&name.value) else {
            cx.error(
                name.at,
                format!(
                    "`{key}` {} is not a column of {}{}; its columns are {}",
                    quote(&name.value),
                    info.name,
                    did_you_mean(&name.value, data.headers.iter().map(String::as_str)),
                    data.headers.join(", ")
                ),
            );
            return false;
        };
        if numeric && data.numeric(index, false).is_err() {
            cx.error(
                name.at,
                format!(
                    "`{key}` {} is not a numeric column of {}; choose a column of numbers",
                    quote(&name.value),
                    info.name
                ),
            );
            return false;
        }
        true
    }

    pub(super) fn target(&self, cx: &mut Ctx<'_>) -> Option<At<String>> {
        let t = self.f.opt_str(cx, "target", example("target"))?;
        self.column(cx, "target", &t, false).then_some(t)
    }

    pub(super) fn model(&self, cx: &mut Ctx<'_>, allowed: &[&str]) -> Option<String> {
        let m = self.f.opt_str(cx, "model", example("model"))?;
        if allowed.contains(&m.value.as_str()) {
            return Some(m.value);
        }
        let message = if MODELS.contains(&m.value.as_str()) {
            format!(
                "a `{}` lab needs a model that scores every row: one of {}",
                self.kind,
                allowed.join(", ")
            )
        } else {
            format!(
                "unknown model {}{}; the models are {}",
                quote(&m.value),
                did_you_mean(&m.value, allowed.iter().copied()),
                allowed.join(", ")
            )
        };
        cx.error(m.at, message);
        None
    }

    /// Checks `positive` against the labels in the target column.
    pub(super) fn positive(&self, cx: &mut Ctx<'_>, target: Option<&At<String>>) -> Option<String> {
        let p = self.f.opt_str(cx, "positive", example("positive"))?;
        let (Some(target), Some(data)) = (target, self.data) else {
            return Some(p.value);
        };
        let index = data.column_index(&target.value).ok()?;
        let mut labels: Vec<&str> = data.text(index).iter().collect();
        labels.sort_unstable();
        labels.dedup();
        if labels.contains(&p.value.as_str()) {
            return Some(p.value);
        }
        let shown: Vec<&str> = labels.iter().take(12).copied().collect();
        cx.error(
            p.at,
            format!(
                "`positive` label {} does not occur in the target column {}; its labels are {}{}",
                quote(&p.value),
                quote(&target.value),
                shown.join(", "),
                if labels.len() > shown.len() {
                    ", …"
                } else {
                    ""
                }
            ),
        );
        None
    }

    /// Checks `features`: columns of the dataset (numeric ones only when `numeric`),
    /// listed once, not the target.
    pub(super) fn features(
        &self,
        cx: &mut Ctx<'_>,
        target: Option<&At<String>>,
        numeric: bool,
    ) -> Option<Vec<String>> {
        let list = self.f.opt_str_list(cx, "features", example("features"))?;
        if list.is_empty() {
            let at = self
                .f
                .get("features")
                .map_or(self.f.at, |e| e.node.span.start);
            cx.error(at, "`features` is empty; list the columns to use, or remove `features` to use them all");
            return None;
        }
        for (i, feature) in list.iter().enumerate() {
            if list[..i].iter().any(|p| p.value == feature.value) {
                cx.error(
                    feature.at,
                    format!(
                        "feature {} is listed twice; list each column once",
                        quote(&feature.value)
                    ),
                );
            } else if target.is_some_and(|t| t.value == feature.value) {
                cx.error(
                    feature.at,
                    format!(
                        "feature {} is the target; a model may not learn from the answer: remove it",
                        quote(&feature.value)
                    ),
                );
            } else {
                self.column(cx, "features", feature, numeric);
            }
        }
        Some(list.into_iter().map(|f| f.value).collect())
    }
}
