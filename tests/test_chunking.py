import pytest

from songngu.index.chunking import _fitting_pieces, chunk_document, split_sentences
from songngu.index.documents import make_document


def sentences_of(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


@pytest.mark.parametrize(
    "kept_whole",
    [
        "Năm 2024, kim ngạch xuất nhập khẩu qua các cửa khẩu đạt hơn 4,42 tỷ USD, trong đó xuất khẩu tăng.",
        "Tuyến đường sắt khổ tiêu chuẩn từ Km3+4 đến cửa khẩu được khảo sát.",
        "Ngày 25/6/2024, Quảng Ninh và Quảng Tây tổ chức lễ công bố.",
        "Đoàn đến TP.HCM để làm việc với doanh nghiệp.",
        "Các mặt hàng gồm dăm gỗ, than, thủy sản… và nhiều loại khác.",
        "Đạt 97.015 lượt khách, tăng 53,47% so với cùng kỳ.",
    ],
)
def test_vietnamese_sentences_that_must_stay_whole(kept_whole):
    assert sentences_of(kept_whole) == [kept_whole]


def test_vietnamese_sentence_boundaries():
    text = "Quảng Ninh đón khách. Năm 2024 đạt 4,42 tỷ USD! Còn gì nữa? “Hợp tác.” Hai bên thống nhất."
    assert sentences_of(text) == [
        "Quảng Ninh đón khách.", "Năm 2024 đạt 4,42 tỷ USD!", "Còn gì nữa?", "“Hợp tác.”", "Hai bên thống nhất.",
    ]


def test_chinese_sentence_boundaries():
    text = "北仑河三桥什么时候建？广宁省与广西合作。双方签署协议；旅游合作加强！好"
    assert sentences_of(text) == [
        "北仑河三桥什么时候建？", "广宁省与广西合作。", "双方签署协议；", "旅游合作加强！", "好",
    ]


def test_newline_always_ends_a_sentence():
    assert sentences_of("Dòng một không dấu chấm\nDòng hai") == ["Dòng một không dấu chấm", "Dòng hai"]


def test_every_chunk_and_sentence_of_the_corpus_points_into_its_document(seed_documents, embedder):
    for document in seed_documents:
        chunks = chunk_document(document, embedder.count_tokens, max_tokens=128, overlap_sentences=1)
        assert chunks
        for chunk in chunks:
            assert document.text[chunk.start:chunk.end] == chunk.text
            for sentence in chunk.sentences:
                assert document.text[sentence.start:sentence.end] == sentence.text
        covered = {s.start for c in chunks for s in c.sentences}
        expected = set()  # each sentence's start, or the starts of its pieces when it is over the budget
        for start, end in split_sentences(document.text):
            tokens = embedder.count_tokens(document.text[start:end])
            expected |= {start} if tokens <= 128 else {piece[0] for piece in _fitting_pieces(
                document.text, start, end, tokens, 128, embedder.count_tokens)}
        assert covered == expected


def test_chunks_respect_the_token_budget_and_overlap(seed_documents, embedder):
    document = seed_documents[4]
    chunks = chunk_document(document, embedder.count_tokens, max_tokens=120, overlap_sentences=1)
    for chunk in chunks:
        assert len(chunk.sentences) == 1 or sum(embedder.count_tokens(s.text) for s in chunk.sentences) <= 120
    shared = [a.sentences[-1] == b.sentences[0] for a, b in zip(chunks, chunks[1:], strict=False)]
    assert any(shared), "a paragraph cut in two repeats one sentence"
    no_overlap = chunk_document(document, embedder.count_tokens, max_tokens=120, overlap_sentences=0)
    assert not any(a.sentences[-1] == b.sentences[0] for a, b in zip(no_overlap, no_overlap[1:], strict=False))


def test_chunks_follow_paragraphs_when_they_fit(embedder):
    document = make_document("d", "Đoạn một. Câu hai.\n\nĐoạn hai ngắn.", "test")
    chunks = chunk_document(document, embedder.count_tokens, max_tokens=256)
    assert [c.text for c in chunks] == ["Đoạn một. Câu hai.\n\nĐoạn hai ngắn."]
    small = chunk_document(document, embedder.count_tokens, max_tokens=12, overlap_sentences=1)
    assert all("\n" not in c.text for c in small)


class CountingText(str):
    """A document text that counts the characters copied out of it by slicing."""

    copied = 0

    def __getitem__(self, key):
        piece = str.__getitem__(self, key)
        if isinstance(key, slice):
            CountingText.copied += len(piece)
        return piece


def test_chunking_copies_each_character_a_bounded_number_of_times():
    """Guards issue 13 defect 4: chunking was quadratic (it sliced ``text[:end]`` for every sentence end
    candidate; 130 s for a 2 MB line). Counting the characters sliced out of the text, not the time, keeps the
    test exact on a loaded machine: a linear chunker copies each character a few times (sentences, chunks,
    overlaps), a quadratic one copies the text once per sentence."""
    from songngu.index.documents import Document

    line = " ".join(f"Câu số {i} nói về hợp tác Quảng Ninh - Quảng Tây. Tp. Hạ Long đón khách!" for i in range(1500))
    text = CountingText(line + "\n\n" + "Đoạn thứ hai... rồi hết")
    CountingText.copied = 0
    chunks = chunk_document(Document("d", "t", None, None, text, "test"), lambda s: len(s.split()), max_tokens=60)
    assert chunks and all(text[c.start:c.end] == c.text for c in chunks)
    assert CountingText.copied < 8 * len(text), f"{CountingText.copied} characters copied for {len(text)}"


def test_a_sentence_over_the_budget_is_cut_into_pieces_that_fit(embedder):
    """A probe (session 10): a 22,000-character line with no sentence end was one sentence and one chunk,
    truncated by the embedder, so "Ai là giám đốc dự án cầu Bắc Luân III?" (its last words) got no answer."""
    line = "Quảng Ninh hợp tác với Quảng Tây trong lĩnh vực du lịch, thương mại và giáo dục " * 400
    text = line + "và giám đốc dự án cầu Bắc Luân III là ông Phạm Văn Tèo"
    chinese = "广宁与广西在旅游贸易教育领域开展合作" * 300
    for body in (text, chinese, "x" * 5000):
        document = make_document("d", body, "test")
        chunks = chunk_document(document, embedder.count_tokens, max_tokens=256)
        sentences = [s for c in chunks for s in c.sentences]
        assert all(document.text[s.start:s.end] == s.text for s in sentences)
        assert all(embedder.count_tokens(c.text) <= 256 for c in chunks)
        pieces = sorted({(s.start, s.end) for s in sentences})
        assert pieces[0][0] == 0 and pieces[-1][1] == len(document.text)
        assert all(document.text[a[1]:b[0]].strip() == "" for a, b in zip(pieces, pieces[1:], strict=False))
    last = chunk_document(make_document("d", text, "test"), embedder.count_tokens, max_tokens=256)[-1]
    assert last.text.endswith("Phạm Văn Tèo") and len(last.text) < 2000
