//! The career data and the careers lessons agree with the code: every role profile
//! keeps to the rules in docs/skills.md, the numbers the careers lessons quote come
//! from the readiness formula, and a plan goes after a role's blockers first.

use std::collections::BTreeMap;
use std::time::SystemTime;

use mlpath::catalog::{self, Catalog, Role, Step};
use mlpath::progress::Progress;
use mlpath::skills::plan::PlanItem;
use mlpath::skills::{current_levels, plan_for, rank_roles, readiness};

use crate::architecture::generated_block;

fn bundled() -> Catalog {
    let c = catalog::load(&[]);
    assert!(c.problems.is_empty(), "{:?}", c.problems);
    c
}

/// Every text of a lesson's steps, joined, for phrase checks.
fn lesson_text(c: &Catalog, id: &str) -> String {
    let lesson = c.lesson(id).unwrap_or_else(|| panic!("{id} is not loaded"));
    let mut out = vec![lesson.summary.clone()];
    for step in &lesson.steps {
        match step {
            Step::Read { text, .. } => out.push(text.clone()),
            Step::Choice(q) => {
                out.push(q.prompt.clone());
                out.push(q.explain.clone());
            }
            Step::Number(q) => {
                out.push(q.prompt.clone());
                out.push(q.explain.clone());
            }
            Step::Lab(l) => out.extend(l.text.clone()),
            Step::Exercise(e) => out.push(e.text.clone()),
        }
    }
    out.join("\n")
}

/// The answer of the number step whose prompt contains `prompt`.
fn number_answer(c: &Catalog, id: &str, prompt: &str) -> f64 {
    c.lesson(id)
        .unwrap()
        .steps
        .iter()
        .find_map(|s| match s {
            Step::Number(n) if n.prompt.contains(prompt) => Some(n.answer),
            _ => None,
        })
        .unwrap_or_else(|| panic!("{id} has no number step asking {prompt:?}"))
}

fn levels(pairs: &[(&str, u8)]) -> BTreeMap<String, u8> {
    pairs.iter().map(|(s, l)| (s.to_string(), *l)).collect()
}

fn role(id: &str, requires: &[(&str, u8)], core: &[&str]) -> Role {
    Role {
        id: id.into(),
        name: id.into(),
        description: String::new(),
        requires: requires.iter().map(|(s, l)| (s.to_string(), *l)).collect(),
        core: core.iter().map(|s| s.to_string()).collect(),
    }
}

fn is_senior(role: &Role) -> bool {
    role.name.to_lowercase().contains("senior")
}

#[test]
fn every_role_profile_keeps_to_the_documented_rules() {
    let c = bundled();
    assert_eq!(c.roles.len(), 12);
    for role in &c.roles {
        let senior = is_senior(role);
        let mut fours = 0;
        for (skill, &level) in &role.requires {
            let core = role.core.contains(skill);
            if core {
                assert!(
                    (3..=4).contains(&level) || (senior && level == 5),
                    "{}: core skill {skill} at {level}; core skills are 3 or 4 (5 only in a senior role)",
                    role.id
                );
                fours += usize::from(level >= 4);
            } else {
                assert!(
                    level <= 3,
                    "{}: {skill} is not core but required at {level}; other skills are at most 3",
                    role.id
                );
            }
        }
        assert!(!role.core.is_empty(), "{} has no core skill", role.id);
        assert!(
            fours >= 1,
            "{}: no core skill at 4 defines the role",
            role.id
        );
        let threes = role.requires.values().filter(|&&l| l == 3).count();
        let above = role.requires.values().filter(|&&l| l > 3).count();
        assert!(
            senior || above <= threes.max(role.core.len()),
            "{}: {above} requirements above 3 but only {threes} at 3: a mid-level profile is mostly 3s",
            role.id
        );
    }
    let seniors: Vec<&str> = c
        .roles
        .iter()
        .filter(|r| is_senior(r))
        .map(|r| r.id.as_str())
        .collect();
    assert_eq!(
        seniors,
        ["ml-architect"],
        "the one senior role, named as such"
    );
}

#[test]
fn the_role_table_in_the_skills_guide_is_roles_toml() {
    let c = bundled();
    let mut body = String::from(
        "| role | core skills (required level) | other skills at 3 | other skills at 1–2 |\n|---|---|---|---|\n",
    );
    for role in &c.roles {
        let core: Vec<String> = role
            .core
            .iter()
            .map(|s| format!("{s} {}", role.requires.get(s).copied().unwrap_or(0)))
            .collect();
        let others = |keep: &dyn Fn(u8) -> bool| {
            role.requires
                .iter()
                .filter(|(s, l)| !role.core.contains(s) && keep(**l))
                .count()
        };
        body.push_str(&format!(
            "| {} (`{}`) | {} | {} | {} |\n",
            role.name,
            role.id,
            core.join(", "),
            others(&|l| l == 3),
            others(&|l| (1..=2).contains(&l)),
        ));
    }
    generated_block("docs/skills.md", "role-profiles", &body);
}

#[test]
fn careers_05_quotes_the_readiness_the_code_computes() {
    let c = bundled();
    let text = lesson_text(&c, "careers/self-assessment-and-plan");
    // Roles A and B of the counting example.
    let a = readiness(
        &role("a", &[("w", 3), ("x", 3), ("y", 3), ("z", 3)], &["z"]),
        &levels(&[("w", 3), ("x", 3), ("y", 3), ("z", 1)]),
    );
    let b = readiness(
        &role("b", &[("w", 2), ("x", 2), ("y", 2), ("z", 2)], &[]),
        &levels(&[("w", 2), ("x", 2), ("y", 1), ("z", 1)]),
    );
    assert_eq!(a.blockers, ["z"]);
    assert!(b.blockers.is_empty());
    for quoted in [
        format!(
            "readiness for A is (1 + 1 + 1 + 3 x 1/3) / 6 = {:.2}",
            a.readiness
        ),
        format!(
            "readiness for B is (1 + 1 + 0.5 + 0.5) / 4 = {:.2} with no blocker",
            b.readiness
        ),
    ] {
        assert!(text.contains(&quoted), "careers/05 should say: {quoted}");
    }
    // The small-role quiz.
    let small = readiness(
        &role(
            "s",
            &[("python", 4), ("sql", 3), ("viz_bi", 2)],
            &["python"],
        ),
        &levels(&[("python", 3), ("sql", 3), ("viz_bi", 0)]),
    );
    let answer = number_answer(
        &c,
        "careers/self-assessment-and-plan",
        "A small role requires",
    );
    assert!(
        (answer - small.readiness).abs() < 1e-12,
        "{answer} vs {}",
        small.readiness
    );
    // The weighted-gap quiz quotes the ML engineer's serving requirement.
    let mle = c.role("ml-engineer").unwrap();
    assert_eq!(mle.requires["serving"], 4);
    assert!(mle.core.iter().any(|s| s == "serving"));
    let gap = readiness(mle, &levels(&[("serving", 2)]))
        .skills
        .into_iter()
        .find(|g| g.skill == "serving")
        .unwrap();
    let answer = number_answer(&c, "careers/self-assessment-and-plan", "serving at level 4");
    assert_eq!(answer, f64::from(gap.weighted_gap()));
    // The entry-level quiz quotes the MLOps engineer's CI/CD requirement.
    let mlops = c.role("mlops-engineer").unwrap();
    let cicd = mlops.requires["cicd"];
    let answer = number_answer(
        &c,
        "careers/self-assessment-and-plan",
        &format!("requires CI/CD at level {cicd}, a core skill"),
    );
    assert_eq!(answer, f64::from(cicd.saturating_sub(1).max(3)));
    // The worked example with mlpath's own profiles.
    let expected = worked_example(&c);
    assert!(
        text.contains(&expected),
        "careers/05's worked example should read:\n{expected}"
    );
}

/// The sentence careers/05 quotes for its example learner, from the code.
fn worked_example(c: &Catalog) -> String {
    let mut learner: BTreeMap<String, u8> = c.skills.iter().map(|s| (s.id.clone(), 1)).collect();
    learner.insert("python".into(), 4);
    for s in [
        "sql",
        "math_stats",
        "data_wrangling",
        "ml_core",
        "eval_metrics",
        "swe",
        "communication",
    ] {
        learner.insert(s.into(), 3);
    }
    for s in [
        "deep_learning",
        "infra_cloud",
        "serving",
        "data_eng",
        "viz_bi",
        "product",
        "reproducibility",
    ] {
        learner.insert(s.into(), 2);
    }
    let r = |id: &str| readiness(c.role(id).unwrap(), &learner);
    let names = |ids: &[String]| {
        ids.iter()
            .map(|id| short_name(id))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let (ds, pm, mle, ops) = (
        r("data-scientist"),
        r("ml-product-manager"),
        r("ml-engineer"),
        r("mlops-engineer"),
    );
    assert!(ds.ready && !pm.ready && !mle.ready && !ops.ready);
    let ranked: Vec<String> = rank_roles(c, &learner)
        .into_iter()
        .map(|r| r.role)
        .take(2)
        .collect();
    assert_eq!(ranked, ["data-scientist", "ml-product-manager"]);
    format!(
        "With mlpath's profiles and formula, the data scientist comes out ready (readiness {:.2}, no blocker). \
         The ML product manager reaches {:.2} but is not ready: {} blocks it. The ML engineer is at {:.2} with {} blocker ({}), \
         and the MLOps engineer at {:.2} with {} blockers ({}). The roles list ranks them in that order: ready first, then fewest blockers, then readiness.",
        ds.readiness,
        pm.readiness,
        names(&pm.blockers),
        mle.readiness,
        mle.blockers.len(),
        names(&mle.blockers),
        ops.readiness,
        ops.blockers.len(),
        names(&ops.blockers),
    )
}

fn short_name(skill: &str) -> &str {
    match skill {
        "product" => "product sense",
        "serving" => "serving",
        "reproducibility" => "reproducibility",
        "cicd" => "CI/CD",
        "infra_cloud" => "cloud",
        "monitoring" => "monitoring",
        "architecture" => "architecture",
        other => panic!("no short name for {other}"),
    }
}

/// A role profile fact a lesson states: (role, skill, level).
type Fact = (&'static str, &'static str, u8);

#[test]
fn careers_lessons_quote_the_role_profiles_as_they_are() {
    let c = bundled();
    // (lesson, phrase, [(role, skill, level)]) the phrase states.
    let checks: &[(&str, &str, &[Fact])] = &[
        (
            "careers/roles-compared",
            "four of them at level 4 (reproducibility, CI/CD, cloud and containers, monitoring) and four at 3 (Python, software engineering, serving, architecture), and only level 2 in classical ML",
            &[
                ("mlops-engineer", "reproducibility", 4),
                ("mlops-engineer", "cicd", 4),
                ("mlops-engineer", "infra_cloud", 4),
                ("mlops-engineer", "monitoring", 4),
                ("mlops-engineer", "python", 3),
                ("mlops-engineer", "swe", 3),
                ("mlops-engineer", "serving", 3),
                ("mlops-engineer", "architecture", 3),
                ("mlops-engineer", "ml_core", 2),
            ],
        ),
        (
            "careers/roles-compared",
            "architecture at level 5, and six more core skills at level 4",
            &[
                ("ml-architect", "architecture", 5),
                ("ml-architect", "swe", 4),
                ("ml-architect", "infra_cloud", 4),
                ("ml-architect", "serving", 4),
                ("ml-architect", "governance", 4),
                ("ml-architect", "security_privacy", 4),
                ("ml-architect", "communication", 4),
            ],
        ),
        (
            "careers/roles-compared",
            "Data engineering, data governance and CI/CD are at level 4, with SQL, software engineering, reproducibility, cloud infrastructure and monitoring as further core skills at 3",
            &[
                ("dataops-specialist", "data_eng", 4),
                ("dataops-specialist", "governance", 4),
                ("dataops-specialist", "cicd", 4),
                ("dataops-specialist", "sql", 3),
                ("dataops-specialist", "swe", 3),
                ("dataops-specialist", "reproducibility", 3),
                ("dataops-specialist", "infra_cloud", 3),
                ("dataops-specialist", "monitoring", 3),
            ],
        ),
        (
            "careers/roles-compared",
            "Mathematics and statistics, deep learning and research methods are at level 4; Python, classical ML, evaluation, reproducibility and communication are core at 3",
            &[
                ("research-scientist", "math_stats", 4),
                ("research-scientist", "deep_learning", 4),
                ("research-scientist", "research", 4),
                ("research-scientist", "python", 3),
                ("research-scientist", "ml_core", 3),
                ("research-scientist", "eval_metrics", 3),
                ("research-scientist", "reproducibility", 3),
                ("research-scientist", "communication", 3),
            ],
        ),
        (
            "careers/roles-compared",
            "deep learning and its own field at level 4, Python and evaluation at 3",
            &[
                ("nlp-engineer", "deep_learning", 4),
                ("nlp-engineer", "nlp_llm", 4),
                ("nlp-engineer", "python", 3),
                ("nlp-engineer", "eval_metrics", 3),
                ("cv-engineer", "deep_learning", 4),
                ("cv-engineer", "cv", 4),
                ("cv-engineer", "python", 3),
                ("cv-engineer", "eval_metrics", 3),
            ],
        ),
        (
            "careers/roles-compared",
            "SQL and visualisation at level 4, data wrangling, product sense and communication core at 3, and classical ML at only 1",
            &[
                ("bi-developer", "sql", 4),
                ("bi-developer", "viz_bi", 4),
                ("bi-developer", "data_wrangling", 3),
                ("bi-developer", "product", 3),
                ("bi-developer", "communication", 3),
                ("bi-developer", "ml_core", 1),
            ],
        ),
        (
            "careers/roles-compared",
            "communication and product sense, both at 4",
            &[
                ("ml-product-manager", "communication", 4),
                ("ml-product-manager", "product", 4),
            ],
        ),
        (
            "foundations/ml-roles",
            "four of them at level 4 (reproducibility, CI/CD, cloud and containers, monitoring), but only level 2 in classical ML",
            &[
                ("mlops-engineer", "reproducibility", 4),
                ("mlops-engineer", "cicd", 4),
                ("mlops-engineer", "infra_cloud", 4),
                ("mlops-engineer", "monitoring", 4),
                ("mlops-engineer", "ml_core", 2),
            ],
        ),
        (
            "foundations/ml-roles",
            "communication and product sense, both at level 4",
            &[
                ("ml-product-manager", "communication", 4),
                ("ml-product-manager", "product", 4),
            ],
        ),
    ];
    for (lesson, phrase, facts) in checks {
        assert!(
            lesson_text(&c, lesson).contains(phrase),
            "{lesson} no longer says: {phrase}"
        );
        for (role, skill, level) in *facts {
            assert_eq!(
                c.role(role).unwrap().requires.get(*skill),
                Some(level),
                "{lesson} says {role} needs {skill} at {level}"
            );
        }
    }
    // careers/03: communication is core for six roles, at 4 for the architect and the
    // product manager, 3 elsewhere, and 3 in the six roles where it is not core.
    let text = lesson_text(&c, "careers/soft-skills");
    assert!(text.contains("at level 4 for the architect and the product manager, 3 for the others) and level 3 for each of the other six"));
    let mut core = Vec::new();
    for role in &c.roles {
        let level = role.requires["communication"];
        if role.core.iter().any(|s| s == "communication") {
            core.push(role.id.as_str());
            let expected = if ["ml-architect", "ml-product-manager"].contains(&role.id.as_str()) {
                4
            } else {
                3
            };
            assert_eq!(level, expected, "{}", role.id);
        } else {
            assert_eq!(level, 3, "{}", role.id);
        }
    }
    assert_eq!(core.len(), 6);
}

#[test]
fn a_fresh_learners_plan_for_every_role_starts_on_a_blocker() {
    let c = bundled();
    let fresh = Progress::default();
    for role in &c.roles {
        let plan = plan_for(&c, &fresh, &role.id, SystemTime::now()).unwrap();
        let first = plan
            .first()
            .unwrap_or_else(|| panic!("{}: empty plan", role.id));
        assert!(
            plan.readiness.blockers.iter().any(|b| b == first.skill()),
            "{}: the plan starts on {} but the blockers are {:?}",
            role.id,
            first.skill(),
            plan.readiness.blockers
        );
        // No lesson in the plan works on none of the role's gaps.
        let gaps: Vec<&str> = plan
            .readiness
            .gaps()
            .iter()
            .map(|g| g.skill.as_str())
            .collect();
        for item in &plan.items {
            if let PlanItem::Lesson(l) = item {
                let lesson = c.lesson(&l.lesson).unwrap();
                assert!(
                    gaps.iter()
                        .any(|g| lesson.skills.get(*g).is_some_and(|&t| t > 0)),
                    "{}: {} teaches none of the gaps",
                    role.id,
                    l.lesson
                );
            }
        }
    }
}

#[test]
fn outside_evidence_closes_blockers_and_at_the_required_levels_makes_a_role_ready() {
    let c = bundled();
    for role in &c.roles {
        let mut p = Progress::default();
        for skill in &role.core {
            p.add_outside_evidence(skill, role.requires[skill], "job", None, None);
        }
        let current = current_levels(&c, &p, SystemTime::now());
        let r = readiness(role, &current);
        assert!(r.blockers.is_empty(), "{}: {:?}", role.id, r.blockers);
        for (skill, &level) in &role.requires {
            if !role.core.contains(skill) && level > 0 {
                p.add_outside_evidence(skill, level, "project", None, None);
            }
        }
        let current = current_levels(&c, &p, SystemTime::now());
        let r = readiness(role, &current);
        assert!(r.ready, "{}: {r:?}", role.id);
        assert_eq!(r.percent(), 100);
    }
}

#[test]
fn a_working_data_engineer_is_ready_for_dataops_and_plans_go_after_real_blockers() {
    let c = bundled();
    let mut p = Progress::default();
    for (skill, level) in [
        ("sql", 4),
        ("data_eng", 4),
        ("governance", 4),
        ("cicd", 4),
        ("python", 3),
        ("swe", 3),
        ("reproducibility", 3),
        ("infra_cloud", 3),
        ("monitoring", 3),
        ("data_wrangling", 3),
        ("security_privacy", 3),
        ("architecture", 3),
        ("communication", 3),
    ] {
        p.add_outside_evidence(
            skill,
            level,
            "job: data engineer, 4 years",
            None,
            Some("2025-06-30"),
        );
    }
    let current = current_levels(&c, &p, SystemTime::now());
    let ranked = rank_roles(&c, &current);
    assert_eq!(ranked[0].role, "dataops-specialist");
    assert!(ranked[0].ready, "{:?}", ranked[0]);
    let plan = plan_for(&c, &p, "mlops-engineer", SystemTime::now()).unwrap();
    let first = plan.first().unwrap();
    assert!(
        plan.readiness.blockers.iter().any(|b| b == first.skill()),
        "{first:?} vs {:?}",
        plan.readiness.blockers
    );
    assert!(
        !plan.readiness.blockers.iter().any(|b| b == "cicd"),
        "CI/CD is covered"
    );
}
