use super::*;
use crate::labs::test_spec;

/// The lesson's settings: 10 % of the training labels flipped, all from malignant to
/// benign.
const LESSON: &str = "flip_share = 0.1\nflip_class = \"malignant\"";

fn lab(extra: &str) -> LabelNoiseLab {
    let spec = test_spec(&format!(
        "type = \"lab\"\nlab = \"label_noise\"\ndataset = \"breast_cancer\"\n\
         target = \"diagnosis\"\npositive = \"malignant\"\nseed = 42\n{extra}\n\
         goal = {{ metric = \"accuracy\", at_least = 0.95 }}\n"
    ));
    let crate::catalog::LabSpec::LabelNoise(s) = spec else {
        panic!("not a label_noise lab")
    };
    let mut lab = start(&s).unwrap();
    lab.wait();
    lab
}

fn press(lab: &mut LabelNoiseLab, command: Command) {
    lab.apply(command);
    lab.wait();
}

#[test]
fn it_starts_unmet_with_the_flips_in_the_training_rows_only() {
    let lab = lab(LESSON);
    assert!(lab.goal_met().is_none());
    let (clean, noisy) = (lab.clean.clone().unwrap(), lab.noisy.clone().unwrap());
    assert!(noisy.test_accuracy < 0.95, "{noisy:?}");
    assert!(
        clean.test_accuracy > noisy.test_accuracy + 0.05,
        "{clean:?} {noisy:?}"
    );
    assert_eq!(lab.last, Some(noisy));
    assert!(
        lab.goal_line()
            .now
            .unwrap()
            .starts_with("test accuracy 0.8")
    );
    // 10 % of the training rows, all of them malignant, now labelled benign.
    let train = lab.data().split.train.len();
    assert_eq!(lab.flipped.rows.len(), flip_count(train, 0.1));
    let malignant = lab
        .data()
        .classes
        .iter()
        .position(|c| c == "malignant")
        .unwrap();
    let labels = lab.labels();
    assert_eq!(labels.len(), train);
    for (i, (&now, &truth)) in labels.iter().zip(lab.truth()).enumerate() {
        assert_eq!(now != truth, lab.planted(i), "position {i}");
        if lab.planted(i) {
            assert_eq!((truth, now), (malignant, 1 - malignant));
        }
    }
    // The test rows keep their true labels: the same as a fresh split's.
    let fresh = models::prepare(&train_spec(&lab.spec)).unwrap();
    assert_eq!(lab.data().test.y, fresh.test.y);
    assert_eq!(lab.data().split, fresh.split);
}

#[test]
fn fixing_the_found_issues_raises_the_test_accuracy_to_the_goal() {
    let mut lab = lab(LESSON);
    let noisy = lab.noisy.clone().unwrap().test_accuracy;
    press(&mut lab, Command::Find);
    let (k, hits) = (lab.k(), lab.hits());
    assert!(k > 0 && hits * 4 >= k * 3, "precision at k: {hits} of {k}");
    assert!(hits * 2 >= lab.flipped.rows.len(), "recall: {hits}");
    press(&mut lab, Command::FixTop);
    assert_eq!(lab.fixes.len(), k);
    assert_eq!(lab.fix_counts().0, hits);
    assert!(lab.stale());
    press(&mut lab, Command::Train);
    let after = lab.last.clone().unwrap();
    assert!(after.test_accuracy > noisy, "{after:?} vs {noisy}");
    assert_eq!(after.fixes, k);
    let met = lab.goal_met().expect("the goal is met after fixing");
    assert!(met.contains("10 %"), "{met}");
}

#[test]
fn turning_the_noise_down_does_not_meet_the_goal() {
    let mut lab = lab(LESSON);
    press(&mut lab, Command::Share(-1));
    press(&mut lab, Command::Share(-1));
    assert_eq!(lab.share, 0.0);
    assert!(lab.flipped.rows.is_empty());
    press(&mut lab, Command::Train);
    let run = lab.last.clone().unwrap();
    assert!(run.test_accuracy >= 0.95, "{run:?}");
    assert!(lab.goal_met().is_none());
    let now = lab.goal_line().now.unwrap();
    assert!(now.contains("counts with ≥ 10 % flipped"), "{now}");
    // Back at the lesson's share, the same flips as at the start.
    let start = flip_labels(lab.truth(), 2, 0.1, lab.flip_class, 42);
    press(&mut lab, Command::StartOver);
    assert_eq!(lab.flipped, start);
}

#[test]
fn the_ranking_reads_the_training_rows_and_their_labels_only() {
    let mut lab = lab(LESSON);
    press(&mut lab, Command::Find);
    let found = lab.suspects.clone().unwrap().issues;
    assert_eq!(
        found,
        rank(&lab.data().train.raw_x, &lab.labels(), 2).unwrap()
    );
    // Test rows replaced by nonsense and their labels reversed: the same ranking.
    let mut other = lab.data().clone();
    other.test.x.fill(f64::NAN);
    other.test.raw_x.fill(1e9);
    if let Targets::Classes(y) = &mut other.test.y {
        y.mapv_inplace(|c| 1 - c);
    }
    lab.data = Arc::new(other);
    press(&mut lab, Command::Find);
    assert_eq!(lab.suspects.clone().unwrap().issues, found);
    // Nor the true training labels: the suspects are rows whose label in force disagrees
    // with their suggested class.
    let labels = lab.labels();
    assert!(
        found
            .iter()
            .all(|i| labels[i.index] == i.given && i.given != i.suggested)
    );
}

#[test]
fn enter_relabels_one_suspect_and_the_dial_starts_the_labels_over() {
    let mut lab = lab(LESSON);
    assert!(
        !lab.apply(Command::ToggleFix),
        "nothing to relabel before a search"
    );
    press(&mut lab, Command::Find);
    press(&mut lab, Command::NextSuspect);
    assert_eq!(lab.cursor, 1);
    let issue = lab.suspects.as_ref().unwrap().issues[1];
    assert!(lab.apply(Command::ToggleFix));
    assert_eq!(lab.labels()[issue.index], issue.suggested);
    assert!(lab.apply(Command::ToggleFix));
    assert!(lab.fixes.is_empty());
    lab.apply(Command::ToggleFix);
    // A new share plants new flips: the fixes and the suspects go.
    lab.apply(Command::Share(1));
    assert!((lab.share - 0.15).abs() < 1e-9);
    assert!(lab.fixes.is_empty() && lab.suspects.is_none());
    // The dial stops before half of the malignant rows would be flipped.
    for _ in 0..20 {
        lab.apply(Command::Share(1));
    }
    let malignant = lab.truth().iter().filter(|&&l| l == 0).count();
    assert!(lab.flipped.rows.len() * 2 <= malignant, "{}", lab.share);
    assert_eq!(lab.share, lab.max_share());
}

/// Every number the label-errors lesson quotes, built from the lab and found in the
/// lesson's text word for word.
#[test]
fn the_lessons_numbers_are_the_labs() {
    let text = include_str!("../../../lessons/data-quality/04-label-errors.toml");
    let text: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let says = |sentence: String| {
        assert!(
            text.contains(&sentence),
            "the lesson no longer says: {sentence}"
        );
    };
    let count = |accuracy: f64, n: usize| (accuracy * n as f64).round() as usize;
    let mut l = lab(LESSON);
    let (train, test) = (l.data().split.train.len(), l.data().split.test.len());
    says(format!(
        "the split keeps {train} rows for training and {test} for testing"
    ));
    let (clean, noisy) = (l.clean.clone().unwrap(), l.noisy.clone().unwrap());
    says(format!(
        "test accuracy of {:.3} ({} of {test})",
        clean.test_accuracy,
        count(clean.test_accuracy, test)
    ));
    let planted = l.flipped.rows.len();
    says(format!(
        "Flip 10 % of the training labels, {planted} rows, all from malignant to benign, and \
         the test accuracy falls to {:.3} ({} of {test})",
        noisy.test_accuracy,
        count(noisy.test_accuracy, test)
    ));
    let symmetric = lab("flip_share = 0.1").noisy.unwrap();
    says(format!(
        "The same {planted} flips spread over both classes at random leave {:.3}",
        symmetric.test_accuracy
    ));
    says(format!(
        "{:.3} against {:.3} in the lab",
        noisy.test_accuracy, symmetric.test_accuracy
    ));
    press(&mut l, Command::Find);
    let (k, hits) = (l.k(), l.hits());
    says(format!(
        "confident learning finds {k} suspects; {hits} of them are planted flips, so \
         precision at k = {k} is {hits} / {k} = {:.2} and recall is {hits} / {planted} = {:.2}",
        hits as f64 / k as f64,
        hits as f64 / planted as f64
    ));
    says(format!(
        "Confident learning lists {k} suspects, and {hits} of them are labels that were \
         really flipped; {planted} labels were flipped in all"
    ));
    says(format!("answer = {:.2}", hits as f64 / planted as f64));
    press(&mut l, Command::FixTop);
    press(&mut l, Command::Train);
    let (undone, wrong) = l.fix_counts();
    let last = l.last.clone().unwrap();
    says(format!(
        "Relabelling all {k} to the suggested class undoes {undone} flips and makes {wrong} \
         right labels wrong, and the retrained model scores {:.3} ({} of {test}): not the \
         clean {:.3}",
        last.test_accuracy,
        count(last.test_accuracy, test),
        clean.test_accuracy
    ));
}
