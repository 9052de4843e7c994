"""store.rejoin: a student's own id brings back the student it names (a page that came back on another
process of a school, or reloaded), and nothing else does."""

from ui.classroom import store


def test_a_students_own_id_brings_back_the_same_student(engine):
    code, token = store.start_class(engine)
    sam = store.join(engine, code, "Sam")
    other = store.join(engine, code)
    assert store.rejoin(engine, code, sam.id) == sam
    assert store.rejoin(engine, code.lower(), other.id) == other  # a code is read as the links read it
    assert store.counts(engine, code, token, "forward_pass", "net_h1").joined == 2  # no one joined again


def test_anything_else_brings_back_no_one(engine):
    code, token = store.start_class(engine)
    sam = store.join(engine, code, "Sam")
    other_code, _ = store.start_class(engine)
    for forged in ("", "x" * 22, sam.id + "x", None, 7, ["a"], "' OR 1=1 --"):
        assert store.rejoin(engine, code, forged) is None
    assert store.rejoin(engine, other_code, sam.id) is None  # another class's student
    assert store.rejoin(engine, "NOCODE", sam.id) is None
    store.leave(engine, code, sam.id)
    assert store.rejoin(engine, code, sam.id) is None  # left: gone for good
    back = store.join(engine, code, "Kim")
    store.end_class(engine, code, token)
    assert store.rejoin(engine, code, back.id) is None  # the class has ended
