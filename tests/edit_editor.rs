//! `kubectl edit` in `kubetutor run` starts `$KUBE_EDITOR`/`$EDITOR` (here a `sed` command) on a
//! temporary file and applies what it leaves there, with kubectl's messages
//! (staging/src/k8s.io/kubectl/pkg/cmd/util/editor/editoptions.go).

use std::process::Command;

fn run_with_editor(editor: &str, script: &str) -> String {
    let dir = std::env::temp_dir().join(format!("kubetutor-edit-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("s{}.sh", editor.len()));
    std::fs::write(&path, script).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_kubetutor"))
        .arg("run")
        .arg(&path)
        .env_remove("KUBE_EDITOR")
        .env("EDITOR", editor)
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr)
}

const SETUP: &str = "kubectl create deployment web --image=nginx:1.27\n";

#[test]
fn edit_applies_what_the_editor_wrote() {
    let t = run_with_editor(
        "sed -i 's/replicas: 1/replicas: 3/'",
        &format!(
            "{SETUP}kubectl edit deployment web\nkubectl get deployment web -o jsonpath={{.spec.replicas}}\n"
        ),
    );
    assert!(t.contains("deployment.apps/web edited"), "{t}");
    assert!(t.contains("\n3"), "{t}");
}

#[test]
fn unchanged_file_cancels() {
    let t = run_with_editor("true", &format!("{SETUP}kubectl edit deploy/web\n"));
    assert!(t.contains("Edit cancelled, no changes made."), "{t}");
}

#[test]
fn invalid_edit_is_reported_not_reopened() {
    let t = run_with_editor(
        "sed -i 's/replicas: 1/replicas: -5/'",
        &format!("{SETUP}kubectl edit deployment web\n"),
    );
    assert!(t.contains("is invalid"), "{t}");
    assert!(
        t.contains("error: Edit cancelled, no valid changes were saved."),
        "{t}"
    );
    // The copy kept for the learner is where the message says.
    let kept = t
        .split("stored to \"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the path of the copy");
    let copy = std::fs::read_to_string(kept).expect("the copy is there");
    assert!(copy.contains("replicas: -5"), "{copy}");
    let _ = std::fs::remove_file(kept);
}
