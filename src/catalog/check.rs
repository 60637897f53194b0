//! Checks across files: skill ids named by lessons and roles, `requires` targets,
//! prerequisite cycles, and which lessons are left out of the catalog.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use super::Problem;
use super::fields::{Ref, quote};
use super::parse::LessonDraft;
use super::skillfile::RoleDraft;
use super::suggest::did_you_mean;

/// The skill ids that loaded, and those written but left out because of problems.
pub struct SkillIds<'a> {
    pub loaded: Vec<&'a str>,
    pub declared: Vec<&'a str>,
}

impl SkillIds<'_> {
    /// The problem with a skill id, if any.
    fn problem(&self, r: &Ref, path: &str) -> Option<Problem> {
        let id = r.value.as_str();
        if self.loaded.contains(&id) {
            return None;
        }
        let message = if self.declared.contains(&id) {
            format!(
                "skill {} has problems in skills.toml and is left out; fix it there",
                quote(id)
            )
        } else if self.loaded.is_empty() {
            format!(
                "unknown skill {}: no skills are loaded; skills are defined in skills.toml",
                quote(id)
            )
        } else {
            format!(
                "unknown skill {}{}; skill ids are defined in skills.toml",
                quote(id),
                did_you_mean(id, self.loaded.iter().copied())
            )
        };
        Some(r.problem(path, message))
    }
}

/// Reports unknown skill ids in lessons (their `skills` and self-assessment labs).
pub fn lesson_skills(lessons: &[LessonDraft], skills: &SkillIds<'_>, problems: &mut Vec<Problem>) {
    for l in lessons {
        for r in l.skills.iter().chain(&l.lab_skills) {
            problems.extend(skills.problem(r, &l.lesson.path));
        }
    }
}

/// Reports unknown skill ids in every role; keeps the roles without problems.
pub fn role_skills(
    roles: Vec<(RoleDraft, String)>,
    skills: &SkillIds<'_>,
    problems: &mut Vec<Problem>,
) -> Vec<(RoleDraft, String)> {
    roles
        .into_iter()
        .filter(|(role, path)| {
            let found: Vec<Problem> = role
                .skills
                .iter()
                .filter_map(|r| skills.problem(r, path))
                .collect();
            let ok = found.is_empty() && role.ok;
            problems.extend(found);
            ok
        })
        .collect()
}

/// Reports `requires` entries that name no lesson, suggesting the closest id.
pub fn requires_exist(lessons: &[LessonDraft], problems: &mut Vec<Problem>) {
    let ids: Vec<&str> = lessons
        .iter()
        .filter(|l| l.id.is_some())
        .map(|l| l.lesson.id.as_str())
        .collect();
    for l in lessons {
        for r in &l.requires {
            if !ids.contains(&r.value.as_str()) {
                problems.push(r.problem(
                    &l.lesson.path,
                    format!(
                        "`requires` names {}, which is not a lesson{}; write the full id `<track>/<id>` of a lesson",
                        quote(&r.value),
                        did_you_mean(&r.value, ids.iter().copied())
                    ),
                ));
            }
        }
    }
}

/// Reports every prerequisite cycle at the `requires` entry of each lesson in it.
pub fn cycles(lessons: &[LessonDraft], problems: &mut Vec<Problem>) {
    let index: BTreeMap<&str, usize> = lessons
        .iter()
        .enumerate()
        .filter(|(_, l)| l.id.is_some())
        .map(|(i, l)| (l.lesson.id.as_str(), i))
        .collect();
    // Edges in `requires` order, each with the entry it comes from.
    let edges: Vec<Vec<(usize, &Ref)>> = lessons
        .iter()
        .map(|l| {
            l.requires
                .iter()
                .filter_map(|r| index.get(r.value.as_str()).map(|&j| (j, r)))
                .collect()
        })
        .collect();
    let succ: Vec<Vec<usize>> = edges
        .iter()
        .map(|e| e.iter().map(|&(j, _)| j).collect())
        .collect();
    for component in strongly_connected(&succ) {
        if component.len() < 2 {
            continue;
        }
        let members: BTreeSet<usize> = component.iter().copied().collect();
        for &start in &component {
            let Some(cycle) = shortest_cycle(&succ, &members, start) else {
                continue;
            };
            let names: Vec<&str> = cycle
                .iter()
                .map(|&i| lessons[i].lesson.id.as_str())
                .collect();
            let next = cycle[1];
            let Some(&(_, entry)) = edges[start].iter().find(|&&(j, _)| j == next) else {
                continue;
            };
            problems.push(entry.problem(
                &lessons[start].lesson.path,
                format!(
                    "prerequisite cycle: {}; no lesson in it can be taken first: remove one of these `requires` entries",
                    names.join(" → ")
                ),
            ));
        }
    }
}

/// The shortest path from `start` back to itself inside `members`, as the list of
/// nodes with `start` at both ends.
fn shortest_cycle(
    succ: &[Vec<usize>],
    members: &BTreeSet<usize>,
    start: usize,
) -> Option<Vec<usize>> {
    let mut parent: BTreeMap<usize, usize> = BTreeMap::new();
    let mut queue = VecDeque::from([start]);
    while let Some(node) = queue.pop_front() {
        for &next in &succ[node] {
            if !members.contains(&next) {
                continue;
            }
            if next == start {
                let mut path = vec![node];
                let mut at = node;
                while at != start {
                    at = parent[&at];
                    path.push(at);
                }
                path.reverse();
                path.push(start);
                return Some(path);
            }
            if let std::collections::btree_map::Entry::Vacant(e) = parent.entry(next) {
                e.insert(node);
                queue.push_back(next);
            }
        }
    }
    None
}

/// Tarjan's strongly connected components, iteratively (no recursion depth limit).
fn strongly_connected(succ: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let n = succ.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut components = Vec::new();
    let mut counter = 0;
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        // (node, next successor position)
        let mut work = vec![(root, 0)];
        while let Some(&mut (v, ref mut pos)) = work.last_mut() {
            if *pos == 0 && index[v] == usize::MAX {
                index[v] = counter;
                low[v] = counter;
                counter += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = succ[v].get(*pos) {
                *pos += 1;
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let mut component = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component.push(w);
                    if w == v {
                        break;
                    }
                }
                component.sort_unstable();
                components.push(component);
            }
        }
    }
    components
}

/// Decides which lessons load: none with a problem in its file or in a track that did
/// not load, and none that requires a lesson left out (reported at that entry).
pub fn loaded_lessons(
    lessons: &[LessonDraft],
    track_ok: impl Fn(&LessonDraft) -> bool,
    problems: &mut Vec<Problem>,
) -> Vec<bool> {
    // Errors leave their file out; warnings do not.
    let with_problems: BTreeSet<&str> = problems
        .iter()
        .filter(|p| p.is_error())
        .map(|p| p.path.as_str())
        .collect();
    let mut loaded: Vec<bool> = lessons
        .iter()
        .map(|l| l.id.is_some() && !with_problems.contains(l.lesson.path.as_str()) && track_ok(l))
        .collect();
    let mut added = Vec::new();
    loop {
        let ids: BTreeSet<&str> = lessons
            .iter()
            .zip(&loaded)
            .filter(|(_, ok)| **ok)
            .map(|(l, _)| l.lesson.id.as_str())
            .collect();
        let mut changed = false;
        for (l, ok) in lessons.iter().zip(loaded.iter_mut()) {
            if !*ok {
                continue;
            }
            if let Some(r) = l.requires.iter().find(|r| !ids.contains(r.value.as_str())) {
                added.push(r.problem(
                    &l.lesson.path,
                    format!(
                        "this lesson requires {}, which is left out because of its problems, so this lesson is left out too; fix {} first",
                        quote(&r.value),
                        quote(&r.value)
                    ),
                ));
                *ok = false;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    problems.extend(added);
    loaded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_find_cycles_and_singletons() {
        // 0 → 1 → 2 → 0, 3 → 0, 4 alone, 5 ↔ 6
        let succ = vec![vec![1], vec![2], vec![0], vec![0], vec![], vec![6], vec![5]];
        let mut c = strongly_connected(&succ);
        c.sort();
        assert_eq!(c, vec![vec![0, 1, 2], vec![3], vec![4], vec![5, 6]]);
    }

    #[test]
    fn shortest_cycle_starts_and_ends_at_the_start() {
        let succ = vec![vec![1], vec![2, 0], vec![0]];
        let members: BTreeSet<usize> = [0, 1, 2].into();
        assert_eq!(shortest_cycle(&succ, &members, 0), Some(vec![0, 1, 0]));
        assert_eq!(shortest_cycle(&succ, &members, 2), Some(vec![2, 0, 1, 2]));
        assert_eq!(shortest_cycle(&succ, &members, 1), Some(vec![1, 0, 1]));
    }
}
