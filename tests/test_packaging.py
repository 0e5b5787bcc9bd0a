"""Shipping gates: the lock file covers pyproject, the image's steps are the locked ones, no pickle loads."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
import tomllib

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.conftest import REPO


def _locked() -> dict[str, str]:
    pins = {}
    for line in (REPO / "requirements.lock").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version, f"requirements.lock: {line!r} is not pinned with =="
            pins[canonicalize_name(name)] = version
    return pins


def test_every_runtime_dependency_is_locked_at_a_version_pyproject_accepts():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    locked = _locked()
    for spec in project["dependencies"]:
        requirement = Requirement(spec)
        name = canonicalize_name(requirement.name)
        assert name in locked, f"{requirement.name} is missing from requirements.lock"
        assert requirement.specifier.contains(locked[name], prereleases=True), (name, locked[name])
    assert locked["torch"] == "2.13.0"  # the CPU build; never an unpinned CUDA download
    assert not any(name.startswith("nvidia-") for name in locked)


def test_the_image_installs_with_the_script_ci_runs_and_runs_as_a_user_with_volumes():
    dockerfile = (REPO / "Dockerfile").read_text()
    runs = re.findall(r"^RUN (.+)$", dockerfile, re.MULTILINE)
    assert "sh docker/install.sh /opt/venv" in runs  # the steps `make docker-check` runs in CI
    assert not any("pip install" in run for run in runs)  # no install step outside the script
    assert "requirements.lock" in (REPO / "docker" / "install.sh").read_text()
    assert re.search(r"^USER 10001:10001$", dockerfile, re.MULTILINE)  # numeric: resolvable anywhere
    assert '"/app/index"' in dockerfile and '"/app/data"' in dockerfile
    assert "HEALTHCHECK" in dockerfile and '"doctor", "--quick"' in dockerfile
    assert 'ENTRYPOINT ["innobot"]' in dockerfile and 'CMD ["run"]' in dockerfile


def test_nothing_on_a_load_path_unpickles(seed_index):
    """Index, BM25, vectors, model, database: all load with pickle disabled."""
    script = textwrap.dedent(
        f"""
        import pickle

        def refuse(*args, **kwargs):
            raise AssertionError("pickle used on a load path")

        class Refused(pickle.Unpickler):
            def __init__(self, *args, **kwargs):
                refuse()

        pickle.load = pickle.loads = refuse
        pickle.Unpickler = Refused

        from bot import service
        from bot.search.embedding import load_embedder
        from bot.settings import Settings

        settings = Settings(_env_file=None, index_dir={str(seed_index.index_dir)!r},
                            database_url="sqlite://")
        retriever = service.open_retriever(settings, lambda: load_embedder(settings))
        assert retriever.search("labo d'innovation des départements").hits
        store = service.open_store(settings)
        store.close()
        print("no pickle")
        """
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, timeout=300, check=False
    )
    assert proc.returncode == 0 and "no pickle" in proc.stdout, proc.stderr[-2000:]
    source = " ".join(p.read_text() for p in (REPO / "bot").rglob("*.py"))
    assert "import pickle" not in source and "allow_pickle=True" not in source and "torch.load" not in source


def test_the_configuration_reference_and_env_example_are_generated_from_the_settings():
    def generated(kind: str) -> str:
        return subprocess.run(
            [sys.executable, "scripts/settings_doc.py", kind],
            capture_output=True,
            text=True,
            cwd=REPO,
            check=True,
        ).stdout

    assert generated("table").strip() in (REPO / "README.md").read_text()
    assert generated("env") == (REPO / ".env.example").read_text()


def test_everything_the_dockerfile_copies_exists_and_is_not_docker_ignored():
    ignored = [
        line.strip().rstrip("/")
        for line in (REPO / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    copies = re.findall(
        r"^COPY (?!--from)(?:--\S+ )*(.+) \S+$", (REPO / "Dockerfile").read_text(), re.MULTILINE
    )
    sources = [source for line in copies for source in line.split()]
    assert {"requirements.lock", "pyproject.toml", "docker/install.sh", "bot", "corpus"} <= set(sources)
    for source in sources:
        assert (REPO / source).exists(), source
        assert not any(source == pattern or source.startswith(pattern + "/") for pattern in ignored), source
    readme = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["readme"]
    assert readme in sources  # pip needs it to install the project inside the image


def test_compose_runs_the_bot_on_postgresql_with_directory_volumes_and_known_settings():
    import yaml

    from bot.settings import Settings

    compose = yaml.safe_load((REPO / "docker-compose.yml").read_text())
    services = compose["services"]
    assert set(services) == {"postgres", "bot", "index"}
    assert services["bot"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert services["bot"]["environment"]["INNOBOT_DATABASE_URL"].startswith("postgresql+psycopg://")
    assert services["index"]["command"] == ["refresh"] and services["index"]["profiles"] == ["tools"]
    for name in ("bot", "index"):
        mounts = dict(volume.split(":") for volume in services[name]["volumes"])
        assert mounts == {"index": "/app/index", "data": "/app/data", "corpus": "/app/corpus"}
        assert set(mounts) <= set(compose["volumes"])  # named volumes: directories, never single files
    settings = {f"INNOBOT_{name.upper()}" for name in Settings.model_fields}
    used = set(re.findall(r"INNOBOT_[A-Z_]+", (REPO / "docker-compose.yml").read_text()))
    for text_file in (
        "Dockerfile",
        "README.md",
        "docs/deployment.md",
        "docs/privacy.md",
        "docs/measurements.md",
    ):
        used |= set(re.findall(r"INNOBOT_[A-Z_]*[A-Z]", (REPO / text_file).read_text()))
    assert used <= settings, used - settings  # every variable the docs mention is a real setting
