"""Reading one version of the policy folder from git: every file of the tree, byte for byte, in subfolders and
with a tab in its name, from a project that is a subfolder of its repository; a submodule entry left out; the
version loaded from a temporary folder; and a version that does not load, told by its first error and how many
more there are (none, one, two)."""

from __future__ import annotations

import shutil

import pytest

from macros.analysis import policy_timeline as module
from macros.analysis.policy_timeline import _load_tree, _tree_files
from macros.policy.loader import load_policy
from macros.policy.model import POLICY_FILES, Policy

from .conftest import SAMPLE_DATA
from .git_repo import git

NOTES = "a/b/notes.md"
TABBED = "tab\there.md"
EVERY_POLICY = "every policy needs {files} under policy/"


@pytest.fixture(scope="module")
def trees(tmp_path_factory):
    """Tree ids of the policy folder, by variant; the project is the repository's subfolder ``project``."""
    repo = tmp_path_factory.mktemp("trees")
    git(repo, "init", "-q")
    project = repo / "project"
    policy = project / "data" / "policy"
    shutil.copytree(SAMPLE_DATA / "policy", policy)
    (policy / "a" / "b").mkdir(parents=True)
    (policy / NOTES).write_bytes(b"nested\n")
    (policy / TABBED).write_bytes(b"")
    result = {}

    def commit(name):
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", name)
        result[name] = git(project, "rev-parse", "HEAD:./data/policy")

    commit("whole")
    head = git(repo, "rev-parse", "HEAD")
    git(repo, "update-index", "--add", "--cacheinfo", f"160000,{head},project/data/policy/linked")
    git(repo, "commit", "-q", "-m", "submodule")
    result["submodule"] = git(project, "rev-parse", "HEAD:./data/policy")
    git(repo, "rm", "-q", "--cached", "project/data/policy/linked")
    # Files go in this order: communication, then tiers (named earlier by the loader), then stakeholders.
    for name, file_name in (("one", "communication.yaml"), ("two", "tiers.yaml"), ("three", "stakeholders.yaml")):
        (policy / file_name).unlink()
        commit(name)
    return project, result


@pytest.fixture(autouse=True)
def empty_cache(monkeypatch):
    monkeypatch.setattr(module, "_CACHE", {})


def test_every_file_of_the_tree_byte_for_byte(trees):
    project, tree = trees
    files = _tree_files(project, tree["whole"])
    expected = {p.relative_to(SAMPLE_DATA / "policy").as_posix() for p in (SAMPLE_DATA / "policy").rglob("*")}
    expected = {name for name in expected if (SAMPLE_DATA / "policy" / name).is_file()}
    assert set(files) == expected | {NOTES, TABBED}
    assert files[NOTES] == b"nested\n"
    assert files[TABBED] == b""
    for name in expected:
        assert files[name] == (SAMPLE_DATA / "policy" / name).read_bytes(), name


def test_a_submodule_in_the_folder_is_not_read(trees):
    project, tree = trees
    files = _tree_files(project, tree["submodule"])
    assert "linked" not in files
    assert files == _tree_files(project, tree["whole"])


def test_a_version_loads_from_its_files_subfolders_first(trees):
    project, tree = trees
    loaded = _load_tree(project, tree["whole"])
    assert isinstance(loaded, Policy)
    assert [t.id for t in loaded.tiers] == [t.id for t in _policy_tiers()]


def _policy_tiers():
    return load_policy(SAMPLE_DATA).tiers


def _missing(file_name: str, files: str) -> str:
    return f"policy/{file_name}:1:1: error: the policy file is missing ({EVERY_POLICY.format(files=files)})"


def test_a_version_that_does_not_load_is_told_by_its_first_error_and_the_count_of_the_rest(trees):
    project, tree = trees
    files = ", ".join(POLICY_FILES)
    assert list(POLICY_FILES).index("tiers.yaml") < list(POLICY_FILES).index("stakeholders.yaml")
    assert _load_tree(project, tree["one"]) == _missing("communication.yaml", files)
    assert _load_tree(project, tree["two"]) == _missing("tiers.yaml", files) + " (and 1 more error)"
    assert _load_tree(project, tree["three"]) == _missing("tiers.yaml", files) + " (and 2 more errors)"
    assert set(module._CACHE) == {tree["one"], tree["two"], tree["three"]}


def test_a_tree_git_cannot_read(trees):
    project, _ = trees
    missing = "0123456789abcdef0123456789abcdef01234567"
    assert _tree_files(project, missing) is None
    assert _load_tree(project, missing) == "git could not read the policy files of this version"
    assert {missing: "git could not read the policy files of this version"} == module._CACHE
