use super::Context::*;
use super::*;

const ALL: [Context; 20] = [
    Home,
    Track,
    Read,
    Choice,
    Number,
    Lab,
    LessonDone,
    Problems,
    Help,
    Skills,
    Roles,
    Role,
    Assess,
    AssessForm,
    AssessLab,
    ReviewChoice,
    ReviewNumber,
    ReviewAnswered,
    ReviewDone,
    Exercise,
];

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

#[test]
fn career_screens_have_their_keys() {
    assert_eq!(action_for(&key(KeyCode::Left), Assess), Some(Action::Lower));
    assert_eq!(
        action_for(&key(KeyCode::Right), Assess),
        Some(Action::Raise)
    );
    assert_eq!(
        action_for(&key(KeyCode::Char('t')), Roles),
        Some(Action::SetTarget)
    );
    assert_eq!(
        action_for(&key(KeyCode::Char('e')), Assess),
        Some(Action::AddEvidence)
    );
    assert_eq!(
        action_for(&key(KeyCode::Char('p')), Skills),
        Some(Action::Practise)
    );
    assert_eq!(
        action_for(&key(KeyCode::Char('d')), Role),
        Some(Action::AddEvidence)
    );
    assert_eq!(
        action_for(&key(KeyCode::Esc), AssessForm),
        Some(Action::Back)
    );
    assert_eq!(
        action_for(&key(KeyCode::Enter), AssessForm),
        Some(Action::Select)
    );
    assert_eq!(
        action_for(&key(KeyCode::Right), AssessForm),
        Some(Action::Raise)
    );
    assert_eq!(
        action_for(&key(KeyCode::Char('4')), ReviewNumber),
        Some(Action::Input('4'))
    );
    assert_eq!(
        action_for(&key(KeyCode::Enter), AssessLab),
        Some(Action::Select)
    );
    assert_eq!(
        action_for(&key(KeyCode::Esc), ReviewDone),
        Some(Action::Back)
    );
    assert_eq!(
        action_for(&key(KeyCode::Char('t')), Skills),
        None,
        "t only where there is a role"
    );
}

#[test]
fn no_key_means_two_things_in_one_context() {
    for ctx in ALL {
        let bound: Vec<_> = bindings_for(ctx).flat_map(|b| b.keys.iter()).collect();
        for (i, k) in bound.iter().enumerate() {
            assert!(!bound[..i].contains(k), "{ctx:?}: {k:?} bound twice");
        }
    }
}

#[test]
fn arrows_and_vim_keys_move() {
    assert_eq!(
        action_for(&key(KeyCode::Char('j')), Home),
        Some(Action::Down)
    );
    assert_eq!(action_for(&key(KeyCode::Up), Track), Some(Action::Up));
}

#[test]
fn ctrl_c_and_q_quit_everywhere() {
    let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
    for ctx in ALL {
        assert_eq!(action_for(&ctrl_c, ctx), Some(Action::Quit), "{ctx:?}");
        assert_eq!(
            action_for(&key(KeyCode::Char('q')), ctx),
            Some(Action::Quit)
        );
    }
}

#[test]
fn number_fields_take_digits_and_backspace() {
    assert_eq!(
        action_for(&key(KeyCode::Char('7')), Number),
        Some(Action::Input('7'))
    );
    assert_eq!(
        action_for(&key(KeyCode::Backspace), Number),
        Some(Action::DeleteChar)
    );
    assert_eq!(
        action_for(&key(KeyCode::Char('h')), Number),
        Some(Action::Hint)
    );
}

#[test]
fn labs_get_arrows_and_free_letters() {
    assert_eq!(
        action_for(&key(KeyCode::Left), Lab),
        Some(Action::Lab(LabKey::Left))
    );
    assert_eq!(
        action_for(&key(KeyCode::Char('m')), Lab),
        Some(Action::Lab(LabKey::Char('m')))
    );
    assert_eq!(
        action_for(&key(KeyCode::Char('n')), Lab),
        Some(Action::NextStep)
    );
    let shift_left = KeyEvent::new(KeyCode::Left, KeyModifiers::SHIFT);
    assert_eq!(
        action_for(&shift_left, Lab),
        Some(Action::Lab(LabKey::CoarseLeft))
    );
}

#[test]
fn in_labs_k_j_move_the_cursor_and_enter_space_select() {
    for (code, lab_key) in [
        (KeyCode::Char('k'), LabKey::Up),
        (KeyCode::Up, LabKey::Up),
        (KeyCode::Char('j'), LabKey::Down),
        (KeyCode::Down, LabKey::Down),
        (KeyCode::Enter, LabKey::Select),
        (KeyCode::Char(' '), LabKey::Select),
    ] {
        assert_eq!(
            action_for(&key(code), Lab),
            Some(Action::Lab(lab_key)),
            "{code:?}"
        );
    }
}

#[test]
fn exercise_steps_edit_restore_and_check() {
    assert_eq!(
        action_for(&key(KeyCode::Char('e')), Exercise),
        Some(Action::Edit)
    );
    assert_eq!(
        action_for(&key(KeyCode::Char('r')), Exercise),
        Some(Action::Restore)
    );
    assert_eq!(
        action_for(&key(KeyCode::Char('c')), Exercise),
        Some(Action::Recheck)
    );
    assert_eq!(
        action_for(&key(KeyCode::Char('h')), Exercise),
        Some(Action::Hint)
    );
    assert_eq!(action_for(&key(KeyCode::Esc), Exercise), Some(Action::Back));
    assert_eq!(action_for(&key(KeyCode::Char('e')), Read), None);
}

#[test]
fn every_context_has_help_and_quit_in_its_footer() {
    for ctx in ALL.into_iter().filter(|c| *c != Help) {
        let footer: Vec<_> = bindings_for(ctx)
            .filter(|b| b.footer)
            .map(|b| b.label)
            .collect();
        assert!(
            footer.contains(&"?") && footer.contains(&"q"),
            "{ctx:?}: {footer:?}"
        );
    }
}
