"""The candidate index of one ingestion batch: stored blocks plus the batch's own records."""

from __future__ import annotations

from hub.registry.pipeline.candidate_index import CandidateIndex, hashed


def test_stored_members_are_found_once_whatever_keys_they_share() -> None:
    # given two stored records, one under two keys
    index = CandidateIndex()
    index.load(
        [
            ("k1", "r2", "m2", {"full_name": "B"}),
            ("k1", "r1", "m1", {"full_name": "A"}),
            ("k2", "r1", "m1", {"full_name": "A"}),
        ]
    )

    # when the candidates of both keys are asked for
    found = index.candidates(["k1", "k2", "unknown"])

    # then each record comes once, by id, with its master
    assert [(i, c.master_id) for i, c in found] == [("r1", "m1"), ("r2", "m2")]
    assert index.new_keys == []


def test_a_full_block_stores_no_more_keys_but_its_members_stay_candidates() -> None:
    # given a block holding as many records as it may
    index = CandidateIndex(max_block=2)
    index.load([("k", "r1", "m1", {}), ("k", "r2", "m2", {})])

    # when a third record with that key and another key is added
    index.add("r3", "m3", {}, ["k", "other"])

    # then only its key with room is written, and the full block still offers its members
    assert index.new_keys == [("r3", "other")]
    assert [i for i, _ in index.candidates(["k"])] == ["r1", "r2"]
    assert [i for i, _ in index.candidates(["k", "other"])] == ["r1", "r2", "r3"]


def test_a_forgotten_record_leaves_its_blocks_and_is_rewritten_under_its_new_keys() -> None:
    # given a stored record and a record added in this batch
    index = CandidateIndex(max_block=2)
    index.load([("old", "r1", "m1", {"v": 1}), ("old", "r2", "m2", {})])
    index.add("r3", "m3", {}, ["new"])

    # when the stored record changes (forgotten, then added under a new key)
    index.forget("r1")
    index.add("r1", "m1", {"v": 2}, ["new"])

    # then its old block has room again, its stored keys are to be deleted, and the new
    # key is written
    assert [i for i, _ in index.candidates(["old"])] == ["r2"]
    assert index.forgotten == ["r1"]
    assert index.new_keys == [("r3", "new"), ("r1", "new")]
    assert dict(index.candidates(["new"]))["r1"].attributes == {"v": 2}


def test_a_moved_record_is_offered_with_its_new_master() -> None:
    # given a stored record
    index = CandidateIndex()
    index.load([("k", "r1", "m1", {})])

    # when it moves to another master during the batch
    index.move("r1", "m9")

    # then later records see it under that master
    assert index.candidates(["k"])[0][1].master_id == "m9"


def test_keys_are_stored_hashed_to_a_fixed_length() -> None:
    # given two keys of different lengths, when hashed, then both have 32 hex characters
    assert {len(hashed("n:nguyen van an|1990")), len(hashed("x"))} == {32}
    assert hashed("a") != hashed("b")
