"""The one atomic writer: the target holds the old content or the new, never a part."""

from __future__ import annotations

import os
import stat

import pytest

from sanctions_gui.core.atomic import SHARED_MODE, write_atomically


def test_writes_bytes_and_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "out.json"
    write_atomically(target, b'{"a": 1}')
    assert target.read_bytes() == b'{"a": 1}'
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_a_failure_half_way_keeps_the_old_file_whole(tmp_path):
    target = tmp_path / "rules.json"
    target.write_bytes(b"old content")

    def write_then_fail(handle):
        handle.write(b"new cont")
        raise RuntimeError("disk gone")

    with pytest.raises(RuntimeError):
        write_atomically(target, write_then_fail)
    assert target.read_bytes() == b"old content"
    assert [p.name for p in tmp_path.iterdir()] == ["rules.json"]


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_a_new_file_is_shareable_and_a_replaced_file_keeps_its_mode(tmp_path):
    fresh = tmp_path / "fresh.xlsx"
    write_atomically(fresh, b"x")
    assert stat.S_IMODE(fresh.stat().st_mode) == SHARED_MODE
    private = tmp_path / "private.json"
    private.write_bytes(b"old")
    private.chmod(0o600)
    write_atomically(private, b"new")
    assert stat.S_IMODE(private.stat().st_mode) == 0o600 and private.read_bytes() == b"new"


def test_a_missing_folder_raises_the_os_error_for_the_caller_to_word(tmp_path):
    with pytest.raises(FileNotFoundError):
        write_atomically(tmp_path / "no such folder" / "out.csv", b"x")
