"""Reading and writing workspace files so that nothing a person wrote is ever lost.

The only package that writes files (the build's output folder aside: publish/swap.py
builds it beside dist/ and swaps it in whole). Callers import from here; the modules
behind it each keep one concern:

    reading.py   files people wrote: regular files only, inside the workspace, bounded
    versions.py  what a run read of a file (`FileVersion`), to notice a save since
    atomic.py    temp file + rename + folder fsync; `-o` outputs; dead runs' temp files
    rename.py    Linux's one-step renames (exchange, no-replace)
    guarded.py   writes that never replace a save they did not read
    staging.py   many files, all or nothing
    own.py       the tool's own files under .polyglot/, never through a link
    lock.py      the workspace lock (flock)

Its errors (FileFault, NotOurFile, ConcurrentEdit) are in `errors`, with every other
error and its exit code, and are re-exported here.

A translator may save a catalogue (Poedit and most editors save by rename) while a
command is working on it. A command that rewrites a file it read keeps the `FileVersion`
it read, and `replace_if_unchanged` refuses to write over a different one: the command
re-reads and re-applies only its own changes instead of reverting the translator's.
"""

from polyglot_statement.errors import ConcurrentEdit, FileFault, NotOurFile, fault
from polyglot_statement.fsutil.atomic import (
    TEMP_SUFFIX,
    commit_staged,
    fsync_directory,
    make_folder,
    refuse_folder_led_out,
    refuse_unreplaceable,
    remove_stale_temp_files,
    stage_chunks,
    stage_file,
    write_atomic,
    write_output,
    write_path,
    write_text_atomic,
)
from polyglot_statement.fsutil.guarded import commit_if_current, replace_if_unchanged
from polyglot_statement.fsutil.lock import (
    LOCK_NAME,
    LockHolder,
    close_inherited_lock,
    workspace_lock,
)
from polyglot_statement.fsutil.own import check_own_file, open_own_file, read_own_file
from polyglot_statement.fsutil.reading import (
    ANYWHERE,
    DEFAULT_MAX_FILE_SIZE,
    InputBounds,
    holds,
    megabytes,
    read_bytes_or_none,
    read_input,
    read_utf8,
    shown_name,
    unusable_name,
)
from polyglot_statement.fsutil.rename import exchange
from polyglot_statement.fsutil.staging import Staging
from polyglot_statement.fsutil.versions import (
    FileIdentity,
    FileVersion,
    file_identity,
    identity_of,
    is_current,
    read_version,
    version_of,
)

__all__ = [
    "ANYWHERE",
    "DEFAULT_MAX_FILE_SIZE",
    "LOCK_NAME",
    "TEMP_SUFFIX",
    "ConcurrentEdit",
    "FileFault",
    "FileIdentity",
    "FileVersion",
    "InputBounds",
    "LockHolder",
    "NotOurFile",
    "Staging",
    "check_own_file",
    "close_inherited_lock",
    "commit_if_current",
    "commit_staged",
    "exchange",
    "fault",
    "file_identity",
    "fsync_directory",
    "holds",
    "identity_of",
    "is_current",
    "make_folder",
    "megabytes",
    "open_own_file",
    "read_bytes_or_none",
    "read_input",
    "read_own_file",
    "read_utf8",
    "read_version",
    "refuse_folder_led_out",
    "refuse_unreplaceable",
    "remove_stale_temp_files",
    "replace_if_unchanged",
    "shown_name",
    "stage_chunks",
    "stage_file",
    "unusable_name",
    "version_of",
    "workspace_lock",
    "write_atomic",
    "write_output",
    "write_path",
    "write_text_atomic",
]
