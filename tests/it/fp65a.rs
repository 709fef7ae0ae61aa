//! Issue 35: one resolution of an imported name for every project index. `from pkg import
//! make_task`, where `pkg/__init__.py` re-exports it from `pkg.tasks`, finds the factory as
//! `from pkg.tasks import make_task` does. The code is in `testdata/audit/fp65a/<case>/` and
//! its audit in `testdata/audit/fp65a/<case>.json`.
//!
//! `UNDANGLE_BLESS=1 cargo test --test it fp65a::` rewrites the expected files.

/// `make_task` through the re-export and `direct` through its module are both the factory;
/// `spawn_rebound`, bound again in `pkg/__init__.py`, proves nothing and is not followed.
#[test]
fn a_factory_imported_through_its_package_reexport_is_found() {
    crate::common::expect_audit("audit/fp65a", "factory");
    let (lines, code) = crate::common::reported_in_preview("audit/fp65a", "factory");
    assert_eq!(lines, ["app/main.py:12:5", "app/main.py:13:5"]);
    assert_eq!(code, Some(1));
}

/// `track` through the re-export and `direct` through its module both keep the task handed
/// to them; `track_rebound`, bound again in `pkg/__init__.py`, and `track_hidden`, which it
/// does not re-export, prove nothing: their sites stay `unknown`.
#[test]
fn a_handler_imported_through_its_package_reexport_is_read() {
    crate::common::expect_audit("audit/fp65a", "handler");
}

/// `testdata/keepers/reexported/project`: `bg/__init__.py` re-exports the keeper `spawn_bg`
/// of `bg/util.py`, which `app/main.py` imports from `bg`: its site calls the keeper, as one
/// that imports it from `bg.util` does. `app/rebound.py` (a name `bg/__init__.py` binds again)
/// and `app/hidden.py` (a name it does not re-export) do not.
#[test]
fn a_keeper_imported_through_its_package_reexport_is_called() {
    let dir = crate::keepers::fixed_project("keepers/reexported");
    let main = std::fs::read_to_string(dir.path().join("app/main.py")).unwrap();
    assert!(
        main.contains("    spawn_bg(work())\n    spawn_bg(work())\n"),
        "{main}"
    );
    for near in ["app/rebound.py", "app/hidden.py"] {
        let fixed = std::fs::read_to_string(dir.path().join(near)).unwrap();
        assert!(
            fixed.contains("    _background_tasks.add(task)\n"),
            "{fixed}"
        );
    }
}

/// `testdata/audit/fp68/reexported_indexes`: the module loop and the loop runner indexes
/// follow a package re-export too. `from pkg import LOOP`, where `pkg/__init__.py` re-exports
/// `shared.LOOP = get_event_loop()`, makes `LOOP.create_task(...)` a site (main saw none), and
/// `run_coroutine` re-exported from `pkg.testutils` runs the loop while the frame holds its
/// local (main said never read). Near misses: `SPARE`, bound again in `pkg/__init__.py`, and
/// `HIDDEN`, which it does not re-export, are no known loops; `maybe_run`, which may return
/// before it runs the loop, proves nothing.
#[test]
fn a_module_loop_and_a_loop_runner_imported_through_a_package_reexport_are_found() {
    crate::common::expect_audit("audit/fp68", "reexported_indexes");
    let (lines, code) = crate::common::reported_in("audit/fp68", "reexported_indexes");
    assert_eq!(lines, ["app/main.py:12:5", "app/main.py:29:5"]);
    assert_eq!(code, Some(1));
}

/// `testdata/keepers/singleton_reexport/project`: the singleton index follows a package
/// re-export too. `Client(ClientBase)`, whose base `lib/__init__.py` re-exports from
/// `lib/base.py` (a `__new__` that hands back its one instance), keeps its task in the module
/// set under `--strategy owner` (main made an instance set, which the next construction
/// replaces). Near miss: `Other(Rebound)`, whose name `lib/__init__.py` binds again, gets an
/// instance set.
#[test]
fn a_singleton_base_imported_through_a_package_reexport_keeps_tasks_in_the_module_set() {
    let dir = crate::keepers::fixed_project("keepers/singleton_reexport");
    let client = std::fs::read_to_string(dir.path().join("app/client.py")).unwrap();
    assert!(
        client.contains("\n_background_tasks: \"Set[asyncio.Task[object]]\" = set()\n"),
        "{client}"
    );
    assert_eq!(
        client
            .matches("        _background_tasks.add(task)\n")
            .count(),
        1,
        "{client}"
    );
    assert_eq!(
        client.matches("self._tasks.add(task)").count(),
        1,
        "{client}"
    );
}
