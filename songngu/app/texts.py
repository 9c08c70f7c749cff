"""The interface strings of the app, in Vietnamese and Chinese, and example questions.

Keys are the same in both languages; ``text(lang, key)`` falls back to
Vietnamese for a language the interface does not have (the corpus language).
"""

LANGUAGES = ("vi", "zh")
LANGUAGE_NAMES = {"vi": "Tiếng Việt", "zh": "中文"}

TEXTS: dict[str, dict[str, str]] = {
    "vi": {
        "subtitle": "Hỏi bằng tiếng Việt hoặc tiếng Trung, nhận câu trả lời kèm trích dẫn từ bài báo gốc.",
        "interface": "Ngôn ngữ giao diện",
        "tab_ask": "Hỏi đáp",
        "tab_corpus": "Kho tài liệu",
        "question": "Câu hỏi",
        "question_placeholder": "Ví dụ: Phó Bí thư Thường trực Tỉnh ủy Quảng Ninh là ai? (Enter để hỏi)",
        "ask": "Hỏi",
        "examples": "Câu hỏi mẫu",
        "filters": "Bộ lọc",
        "filter_documents": "Chỉ tìm trong các tài liệu",
        "filter_from": "Từ ngày (YYYY-MM-DD)",
        "filter_to": "Đến ngày (YYYY-MM-DD)",
        "filter_k": "Số đoạn nguồn",
        "filter_hint": "Lọc theo ngày bỏ qua các tài liệu không ghi ngày.",
        "empty_state": "Đặt một câu hỏi bằng tiếng Việt hoặc tiếng Trung, hoặc chọn một câu hỏi mẫu.",
        "empty_question": "Câu hỏi đang trống: hãy nhập một câu hỏi.",
        "no_passages": "Không có đoạn nào phù hợp (hãy thử bỏ bớt bộ lọc).",
        "no_documents_in_filter": "Không có tài liệu nào thỏa bộ lọc tài liệu và ngày.",
        "bad_date": "Ngày không hợp lệ (dùng dạng YYYY, YYYY-MM hoặc YYYY-MM-DD)",
        "answer": "Câu trả lời",
        "no_answer": "Không có câu trả lời",
        "sources": "Nguồn",
        "names": "Tên riêng Việt – Trung",
        "passages": "Các đoạn nguồn",
        "view_in_document": "Xem trong tài liệu",
        "copy_citation": "Sao chép trích dẫn",
        "copied": "Đã sao chép",
        "unknown_date": "không rõ ngày",
        "cited_as": "được trích dẫn",
        "question_language": "Ngôn ngữ câu hỏi",
        "error": "Lỗi",
        "internal_error": "Lỗi nội bộ, câu hỏi chưa được trả lời",
        "corpus_heading": "Các tài liệu đã lập chỉ mục",
        "col_id": "Mã",
        "col_title": "Tiêu đề",
        "col_date": "Ngày",
        "col_size": "Độ dài (ký tự)",
        "col_chunks": "Số đoạn",
        "upload": "Thêm bài viết (.txt, .md, .html, .jsonl; tối đa {limit})",
        "upload_button": "Thêm và lập chỉ mục lại",
        "no_files": "Chưa chọn tệp nào.",
        "delete": "Xóa tài liệu",
        "delete_button": "Xóa và lập chỉ mục lại",
        "no_document_chosen": "Chưa chọn tài liệu để xóa.",
        "indexing": "Đang lập chỉ mục",
        "added": "Đã thêm {docs}. Chỉ mục đã cập nhật: +{added} mới, ~{changed} thay đổi.",
        "deleted": "Đã xóa {doc} (tệp được giữ trong thùng rác, có thể hoàn tác). Chỉ mục đã cập nhật.",
        "rejected": "Không thêm được, kho tài liệu giữ nguyên: {reason}",
        "delete_failed": "Không xóa được: {reason}",
        "replaced": "Đã thêm {docs}, thay cho {files} (bản cũ trong thùng rác, có thể hoàn tác). Chỉ mục đã cập "
                    "nhật: +{added} mới, ~{changed} thay đổi.",
        "confirm_replace_question": "{files} đã có trong kho tài liệu. Thay thế? Bản hiện tại sẽ được chuyển vào "
                                    "thùng rác, có thể hoàn tác.",
        "saved_as": "{sent} (lưu thành {name}, {size} byte)",
        "confirm_delete_question": "Xóa {doc} ({title})? Tệp sẽ được chuyển vào thùng rác, có thể hoàn tác.",
        "confirm_replace": "Thay thế",
        "confirm_delete": "Xóa",
        "cancel": "Hủy",
        "cancelled": "Đã hủy, kho tài liệu giữ nguyên.",
        "undo": "Hoàn tác",
        "undone": "Đã hoàn tác: {files}. Chỉ mục đã cập nhật.",
        "undo_failed": "Không hoàn tác được: {reason}",
        "documents_count": "{n} tài liệu, {chunks} đoạn",
    },
    "zh": {
        "subtitle": "用越南语或中文提问，答案附有越南语原文的引用出处。",
        "interface": "界面语言",
        "tab_ask": "问答",
        "tab_corpus": "资料库",
        "question": "问题",
        "question_placeholder": "例如：下龙大学与广西哪些学校开展合作？（按回车提问）",
        "ask": "提问",
        "examples": "示例问题",
        "filters": "筛选",
        "filter_documents": "只在这些文档中查找",
        "filter_from": "起始日期 (YYYY-MM-DD)",
        "filter_to": "截止日期 (YYYY-MM-DD)",
        "filter_k": "来源段落数",
        "filter_hint": "按日期筛选时，不含日期的文档不参与检索。",
        "empty_state": "请用越南语或中文提问，或选择一个示例问题。",
        "empty_question": "问题为空：请输入一个问题。",
        "no_passages": "没有符合条件的段落（请尝试放宽筛选）。",
        "no_documents_in_filter": "没有文档符合所选文档与日期筛选。",
        "bad_date": "日期无效（请使用 YYYY、YYYY-MM 或 YYYY-MM-DD 格式）",
        "answer": "答案",
        "no_answer": "没有答案",
        "sources": "出处",
        "names": "越中专名对照",
        "passages": "来源段落",
        "view_in_document": "在原文中查看",
        "copy_citation": "复制引用",
        "copied": "已复制",
        "unknown_date": "日期不详",
        "cited_as": "被引用",
        "question_language": "问题语言",
        "error": "错误",
        "internal_error": "内部错误，问题未能回答",
        "corpus_heading": "已建立索引的文档",
        "col_id": "编号",
        "col_title": "标题",
        "col_date": "日期",
        "col_size": "长度（字符）",
        "col_chunks": "段落数",
        "upload": "添加文章（.txt、.md、.html、.jsonl；最大 {limit}）",
        "upload_button": "添加并重建索引",
        "no_files": "尚未选择文件。",
        "delete": "删除文档",
        "delete_button": "删除并重建索引",
        "no_document_chosen": "尚未选择要删除的文档。",
        "indexing": "正在建立索引",
        "added": "已添加 {docs}。索引已更新：新增 {added}，修改 {changed}。",
        "deleted": "已删除 {doc}（文件保存在回收站，可撤销）。索引已更新。",
        "rejected": "未能添加，资料库保持不变：{reason}",
        "delete_failed": "未能删除：{reason}",
        "replaced": "已添加 {docs}，替换了 {files}（旧文件在回收站，可撤销）。"
                    "索引已更新：新增 {added}，修改 {changed}。",
        "confirm_replace_question": "资料库中已有 {files}。要替换吗？现有文件将移入回收站，可撤销。",
        "saved_as": "{sent}（保存为 {name}，{size} 字节）",
        "confirm_delete_question": "删除 {doc}（{title}）？文件将移入回收站，可撤销。",
        "confirm_replace": "替换",
        "confirm_delete": "删除",
        "cancel": "取消",
        "cancelled": "已取消，资料库保持不变。",
        "undo": "撤销",
        "undone": "已撤销：{files}。索引已更新。",
        "undo_failed": "未能撤销：{reason}",
        "documents_count": "{n} 篇文档，{chunks} 个段落",
    },
}

# Questions that the bundled corpus answers (Quảng Ninh - Guangxi cooperation articles).
EXAMPLES: dict[str, tuple[str, ...]] = {
    "vi": (
        "Phó Bí thư Thường trực Tỉnh ủy Quảng Ninh là ai?",
        "Đại học Hạ Long dự kiến ký bản ghi nhớ hợp tác với trường nào của Quảng Tây?",
        "Năm 2025 là kỷ niệm bao nhiêu năm thiết lập quan hệ ngoại giao Việt Nam - Trung Quốc?",
    ),
    "zh": (
        "下龙大学与广西哪些学校开展合作？",
        "广宁—防城港定期会议上，广宁省哪位副主席提出加快推进北仑河三桥？",
        "代表团参观了哪家中国光伏企业在越南的项目？",
    ),
}


def interface_language(lang: str | None) -> str:
    """The interface language for a detected or chosen language: ``zh`` or ``vi``."""
    return "zh" if lang == "zh" else "vi"


def text(lang: str, key: str, **values: object) -> str:
    """The string ``key`` in the interface language of ``lang``, formatted with ``values``."""
    template = TEXTS[interface_language(lang)][key]
    return template.format(**values) if values else template
