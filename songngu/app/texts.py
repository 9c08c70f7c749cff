"""The interface strings of the app, in Vietnamese and Chinese, and example questions.

Keys are the same in both languages; ``text(lang, key)`` falls back to
Vietnamese for a language the interface does not have (the corpus language).
"""

from songngu.index.documents import SUPPORTED_SUFFIXES

LANGUAGES = ("vi", "zh")
LANGUAGE_NAMES = {"vi": "Tiếng Việt", "zh": "中文", "en": "English"}  # each in its own language

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
        "dates_reversed": "Ngày bắt đầu ở sau ngày kết thúc: hãy đổi chỗ hai ngày.",
        "bad_date": "Ngày không hợp lệ (dùng dạng YYYY, YYYY-MM hoặc YYYY-MM-DD)",
        "answer": "Câu trả lời",
        "no_answer": "Không có câu trả lời",
        "sources": "Nguồn",
        "names": "Tên riêng Việt – Trung",
        "passages": "Các đoạn nguồn",
        "view_in_document": "Xem trong tài liệu",
        "text_left_out": "… {n} ký tự của bài không hiện ở đây …",
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
        "upload": "Thêm bài viết ({types}; tối đa {limit}, {files} tệp một lần)",
        "upload_button": "Thêm và lập chỉ mục lại",
        "no_files": "Chưa chọn tệp nào.",
        "delete": "Xóa tài liệu",
        "delete_button": "Xóa và lập chỉ mục lại",
        "no_document_chosen": "Chưa chọn tài liệu để xóa.",
        "indexing": "Đang lập chỉ mục",
        "added": "Đã thêm {docs}. Chỉ mục đã cập nhật: +{added} mới, ~{changed} thay đổi.",
        "deleted": "Đã xóa {doc} (tệp được giữ trong thùng rác, có thể hoàn tác). Chỉ mục đã cập nhật.",
        "deleted_outside": "Tệp của {doc} đã bị xóa khỏi thư mục kho tài liệu từ bên ngoài ứng dụng: chỉ mục nay không "
                           "còn tài liệu này.",
        "rejected": "Không thêm được, kho tài liệu giữ nguyên: {reason}",
        "delete_failed": "Không xóa được: {reason}",
        "replaced": "Đã thêm {docs}, thay cho {files} (bản cũ trong thùng rác, có thể hoàn tác). Chỉ mục đã cập "
                    "nhật: +{added} mới, ~{changed} thay đổi.",
        "confirm_replace_question": "{files} đã có trong kho tài liệu. Thay thế? Bản hiện tại sẽ được chuyển vào "
                                    "thùng rác, có thể hoàn tác.",
        "saved_as": "{sent} (lưu thành {name}, {size} byte)",
        "confirm_delete_question": "Xóa {doc} ({title})? Tệp sẽ được chuyển vào thùng rác, có thể hoàn tác.",
        "confirm_delete_record_question": "Xóa {doc} ({title}) khỏi {file}? {n} bài khác trong tệp được giữ lại; "
                                          "bản cũ của tệp được chuyển vào thùng rác, có thể hoàn tác.",
        "confirm_replace": "Thay thế",
        "confirm_delete": "Xóa",
        "cancel": "Hủy",
        "cancelled": "Đã hủy, kho tài liệu giữ nguyên.",
        "confirm_expired": "Không có thay đổi nào đang chờ xác nhận: câu hỏi xác nhận đã quá {minutes} phút, hoặc chưa "
                           "có câu hỏi nào. Kho tài liệu giữ nguyên. Hãy làm lại thao tác.",
        "undo": "Hoàn tác",
        "trash": "Thùng rác: tệp đã xóa hoặc bị thay thế",
        "restore_button": "Khôi phục",
        "restored": "Đã khôi phục {name}. Chỉ mục đã cập nhật.",
        "restored_replacing": "Đã khôi phục {name}; tệp {name} đang có được chuyển vào thùng rác (có thể hoàn tác). "
                              "Chỉ mục đã cập nhật.",
        "restore_failed": "Không khôi phục được: {reason}",
        "no_trash_chosen": "Hãy chọn một tệp trong thùng rác trước.",
        "trash_other_corpus": "{name} đến từ một kho tài liệu khác",
        "undo_changed": "{name} đã thay đổi kể từ đó (một lần tải lên, xoá hoặc khôi phục khác): không hoàn tác gì",
        "sample_read_only": "Đây là bộ bài mẫu đi kèm SongNgu, không bao giờ bị thay đổi: hãy dùng một bản sao "
                            "(thư mục dữ liệu có sẵn một bản: chạy không có --corpus)",
        "undone": "Đã hoàn tác: {files}. Chỉ mục đã cập nhật.",
        "undo_failed": "Không hoàn tác được: {reason}",
        "documents_count": "{n} tài liệu, {chunks} đoạn",
        "written_by": "Câu trả lời do mô hình {model} viết; mỗi câu đã được đối chiếu với đoạn nguồn nó trích.",
        "writing": "Mô hình đang viết câu trả lời…",
        "removed": "Đã bỏ {n} câu: nguồn không xác nhận",
        "show_extractive": "Hiện câu trả lời trích xuất",
        "why_no_marker": "không ghi đoạn nguồn [n]",
        "why_bad_marker": "trích đoạn không tồn tại {item}",
        "why_number": "con số “{item}” không có trong đoạn được trích",
        "why_date": "ngày “{item}” không có trong đoạn được trích",
        "why_name": "tên “{item}” không có trong đoạn được trích",
        "why_words": "các từ “{item}” không có trong đoạn được trích",
        "why_language": "viết bằng tiếng Anh, không phải ngôn ngữ của câu hỏi",
        "translate": "Dịch đoạn này",
        "translating": "Đang dịch…",
        "translation": "Bản dịch máy",
        "translate_failed": "Không dịch được",
        "confidence": "Độ tin cậy: {level}",
        "confidence_high": "cao",
        "confidence_medium": "trung bình",
        "confidence_low": "thấp",
        "closest": "Đoạn gần nhất",
        "missing": "Đoạn này không nói đến",
        "drop_files": "Kéo thả tệp vào đây hoặc bấm để chọn",
        "progress_unit": "câu và đoạn",
        "colon": ": ",
        "language_other": "ngôn ngữ khác",
        "language_unknown": "không nhận ra",
        "server_error": "lỗi trên máy chủ (chi tiết trong nhật ký của máy chủ)",
        "question_too_long": "Câu hỏi dài {n} ký tự; tối đa {limit} ký tự.",
        "bad_k": "Số đoạn trích phải là số nguyên từ 1 đến {limit}.",
        "change_not_indexed": "không lập chỉ mục được thay đổi ({error}): thay đổi đã được hoàn tác, kho tài liệu "
                              "giữ nguyên như trước",
        "question_not_text": "Câu hỏi chứa ký tự không hợp lệ: hãy gõ lại.",
        "question_no_letters": "Câu hỏi không có chữ hay số nào: hãy đặt một câu hỏi bằng tiếng Việt hoặc tiếng "
                               "Trung.",
        "upload_type": "{name}: chỉ nhận tệp {types}",
        "upload_no_name": "{name}: tên tệp không có ký tự dùng được",
        "upload_same_name": "hai tệp tải lên sẽ trùng tên: {names}",
        "upload_exists": "{files} đã có trong kho tài liệu: hãy xác nhận để thay thế",
        "upload_too_big": "{name}: {size} byte, vượt giới hạn {limit} byte",
        "upload_bad_name": "{name}: không lưu được dưới tên này",
        "upload_empty": "{name}: tệp không có bài viết nào",
        "index_read_only": "Chỉ mục nằm ở nơi chỉ đọc được: không thể thêm, xóa hay khôi phục tài liệu",
        "upload_folder": "{name}: kho tài liệu có một thư mục cùng tên; hãy đổi tên trước",
        "upload_id_used": "{name}: mã tài liệu “{doc}” đã được dùng trong {owner}",
        "upload_gone": "{name}: tệp tải lên không còn trên máy chủ: hãy tải lên lại",
        "upload_not_received": "{name}: không phải tệp đã tải lên máy chủ này: hãy tải lên lại",
        "doc_no_text": "{source}: tài liệu “{doc}” không có nội dung",
        "doc_id_control": "{source}: tên tài liệu chứa ký tự điều khiển: hãy đổi tên tệp",
        "file_too_large": "{name}: không đọc được: tệp phải là tệp thường, tối đa {limit}",
        "doc_bad_date": "{source}: “{date}” không phải là ngày (dùng YYYY, YYYY-MM hoặc YYYY-MM-DD)",
        "doc_url_long": "{source}: trường “url” dài quá {limit} byte (UTF-8)",
        "jsonl_not_json": "{where}: không phải JSON hợp lệ",
        "jsonl_no_id": "{where}: mỗi dòng cần một đối tượng JSON có trường “id”",
        "jsonl_field_type": "{where}: trường “{field}” phải là chuỗi văn bản",
        "jsonl_id_type": "{where}: “id” phải là chuỗi văn bản hoặc số nguyên",
        "duplicate_id": "mã tài liệu “{doc}” có trong cả {first} và {second}",
        "jsonl_id_empty": "{where}: “id” trống",
        "jsonl_id_long": "{where}: “id” dài hơn {limit} ký tự",
        "jsonl_id_control": "{where}: “id” chứa ký tự điều khiển",
        "file_not_utf8": "{name}: tệp không phải văn bản UTF-8: hãy lưu lại dưới dạng UTF-8",
        "file_unreadable": "{name}: không đọc được tệp",
        "folder_unreadable": "{name}: không đọc được thư mục (quyền truy cập?)",
        "file_type": "{name}: loại tệp không được hỗ trợ (dùng {types})",
        "doc_not_text": "{source}: trường “{field}” không phải văn bản Unicode hợp lệ",
        "pdf_too_long": "{source}: {pages} trang; tối đa {limit} trang",
        "pdf_too_much_drawing": "{source}: các trang của tệp PDF chứa hơn {limit} lệnh vẽ (tính mỗi lần một trang "
                                "dùng đến), quá mức đọc được từ một tệp PDF: hãy tách thành các tệp PDF nhỏ hơn, "
                                "hoặc thêm nội dung dưới dạng tệp .txt",
        "docx_too_big": "{source}: tệp Word giải nén ra quá lớn",
        "pdf_unreadable": "{source}: không đọc được tệp PDF",
        "pdf_no_text": "{source}: tệp PDF không có lớp văn bản (ảnh quét?): hãy nhận dạng chữ (OCR) trước, hoặc "
                       "thêm nội dung dưới dạng tệp .txt",
        "docx_unreadable": "{source}: không đọc được tệp Word (.docx)",
        "docx_no_text": "{source}: tệp Word không có nội dung",
        "event_too_many_files": "{n} tệp trong một lần gửi: mỗi lần gửi tối đa {limit} tệp",
        "event_file_not_received": "{name}: không phải tệp đã tải lên máy chủ này: hãy tải lên lại",
        "event_file_twice": "{name}: có hai lần trong một lần gửi: mỗi tệp chỉ gửi một lần",
        "event_too_large": "yêu cầu quá lớn: tối đa {limit} byte",
        "event_too_slow": "yêu cầu không đến kịp trong {seconds} giây",
        "upload_not_files": "tải lên chỉ nhận tệp: trường biểu mẫu \"files\" gồm các tệp có tên",
        "file_too_slow": "{source}: đọc nội dung tệp mất hơn {limit} giây, quá mức dành cho một tệp: hãy tách thành "
                         "các tệp nhỏ hơn, hoặc thêm nội dung dưới dạng tệp .txt",
        "file_too_big_to_read": "{source}: đọc nội dung tệp cần hơn {limit} bộ nhớ, quá mức dành cho một tệp: hãy "
                                "tách thành các tệp nhỏ hơn, hoặc thêm nội dung dưới dạng tệp .txt",
        "trash_entry_gone": "tệp cần khôi phục không còn trong thùng rác (đã được khôi phục hoặc xóa ở nơi khác)",
        "file_gone": "{name} không còn trong kho tài liệu (vừa được thay đổi ở nơi khác?): không có gì thay đổi",
        "keep_minimum": "{doc}: kho tài liệu phải giữ ít nhất {n} tài liệu",
        "no_document": "không có tài liệu “{doc}” trong kho",
        "linked_document": "{doc}: {links} trong kho là liên kết tới tệp {file} của nó: hãy xóa liên kết trước",
        "api_hint": "Dùng qua API: POST /api/ask, gửi JSON với câu hỏi trong trường \"query\"",
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
        "dates_reversed": "开始日期晚于结束日期：请交换两个日期。",
        "bad_date": "日期无效（请使用 YYYY、YYYY-MM 或 YYYY-MM-DD 格式）",
        "answer": "答案",
        "no_answer": "没有答案",
        "sources": "出处",
        "names": "越中专名对照",
        "passages": "来源段落",
        "view_in_document": "在原文中查看",
        "text_left_out": "…… 此处略去原文 {n} 个字符 ……",
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
        "upload": "添加文章（{types}；最大 {limit}，每次最多 {files} 个文件）",
        "upload_button": "添加并重建索引",
        "no_files": "尚未选择文件。",
        "delete": "删除文档",
        "delete_button": "删除并重建索引",
        "no_document_chosen": "尚未选择要删除的文档。",
        "indexing": "正在建立索引",
        "added": "已添加 {docs}。索引已更新：新增 {added}，修改 {changed}。",
        "deleted": "已删除 {doc}（文件保存在回收站，可撤销）。索引已更新。",
        "deleted_outside": "{doc} 的文件已在应用之外从资料库文件夹中删除：索引中已不再有该文档。",
        "rejected": "未能添加，资料库保持不变：{reason}",
        "delete_failed": "未能删除：{reason}",
        "replaced": "已添加 {docs}，替换了 {files}（旧文件在回收站，可撤销）。"
                    "索引已更新：新增 {added}，修改 {changed}。",
        "confirm_replace_question": "资料库中已有 {files}。要替换吗？现有文件将移入回收站，可撤销。",
        "saved_as": "{sent}（保存为 {name}，{size} 字节）",
        "confirm_delete_question": "删除 {doc}（{title}）？文件将移入回收站，可撤销。",
        "confirm_delete_record_question": "从 {file} 中删除 {doc}（{title}）？文件中的其他 {n} 篇保留；"
                                          "原文件移入回收站，可撤销。",
        "confirm_replace": "替换",
        "confirm_delete": "删除",
        "cancel": "取消",
        "cancelled": "已取消，资料库保持不变。",
        "confirm_expired": "没有待确认的更改：确认请求已超过 {minutes} 分钟，或尚未提出。资料库保持不变。请重新操作。",
        "undo": "撤销",
        "trash": "回收站：已删除或被替换的文件",
        "restore_button": "恢复",
        "restored": "已恢复 {name}。索引已更新。",
        "restored_replacing": "已恢复 {name}；原有的 {name} 已移入回收站（可撤销）。索引已更新。",
        "restore_failed": "未能恢复：{reason}",
        "no_trash_chosen": "请先在回收站中选择一个文件。",
        "trash_other_corpus": "{name} 来自另一个资料库",
        "undo_changed": "{name} 此后已被更改（另一次上传、删除或恢复）：未撤销任何内容",
        "sample_read_only": "这是 SongNgu 自带的示例文章，永不更改：请使用其副本"
                            "（数据文件夹中已有一份：运行时不加 --corpus）",
        "undone": "已撤销：{files}。索引已更新。",
        "undo_failed": "未能撤销：{reason}",
        "documents_count": "{n} 篇文档，{chunks} 个段落",
        "written_by": "答案由模型 {model} 撰写，每句话都已与其引用的段落核对。",
        "writing": "模型正在撰写答案……",
        "removed": "已删除 {n} 句：来源不支持",
        "show_extractive": "显示摘录的答案",
        "why_no_marker": "没有标注来源段落 [n]",
        "why_bad_marker": "引用了不存在的段落 {item}",
        "why_number": "数字“{item}”不在所引段落中",
        "why_date": "日期“{item}”不在所引段落中",
        "why_name": "名称“{item}”不在所引段落中",
        "why_words": "词语“{item}”不在所引段落中",
        "why_language": "用英文写成，不是问题的语言",
        "translate": "翻译此段落",
        "translating": "正在翻译……",
        "translation": "机器翻译",
        "translate_failed": "翻译失败",
        "confidence": "置信度：{level}",
        "confidence_high": "高",
        "confidence_medium": "中",
        "confidence_low": "低",
        "closest": "最接近的段落",
        "missing": "该段未提及",
        "drop_files": "将文件拖放到此处，或点击选择",
        "progress_unit": "个句段",
        "colon": "：",
        "language_other": "其他语言",
        "language_unknown": "无法识别",
        "server_error": "服务器出错（详情见服务器日志）",
        "question_too_long": "问题长 {n} 个字符；上限为 {limit} 个字符。",
        "bad_k": "段落数必须是 1 到 {limit} 之间的整数。",
        "change_not_indexed": "无法为此更改建立索引（{error}）：更改已撤销，资料库保持原样",
        "question_not_text": "问题含有无效字符：请重新输入。",
        "question_no_letters": "问题中没有任何文字或数字：请用越南语或中文提问。",
        "upload_type": "{name}：只接受 {types} 文件",
        "upload_no_name": "{name}：文件名中没有可用的字符",
        "upload_same_name": "两个上传文件的名称会相同：{names}",
        "upload_exists": "资料库中已有 {files}：请确认替换",
        "upload_too_big": "{name}：{size} 字节，超过 {limit} 字节的上限",
        "upload_bad_name": "{name}：无法以此名称保存",
        "upload_empty": "{name}：文件中没有文章",
        "index_read_only": "索引所在位置只读：无法添加、删除或恢复文档",
        "upload_folder": "{name}：资料库中有同名文件夹；请先改名",
        "upload_id_used": "{name}：文档编号“{doc}”已被 {owner} 使用",
        "upload_gone": "{name}：服务器上已没有这个上传文件：请重新上传",
        "upload_not_received": "{name}：不是上传到本服务器的文件：请重新上传",
        "doc_no_text": "{source}：文档“{doc}”没有正文",
        "doc_id_control": "{source}：文档名含有控制字符，请重命名文件",
        "file_too_large": "{name}：无法读取：必须是不超过 {limit} 的普通文件",
        "doc_bad_date": "{source}：“{date}”不是日期（请使用 YYYY、YYYY-MM 或 YYYY-MM-DD）",
        "doc_url_long": "{source}：字段“url”超过 {limit} 字节（UTF-8）",
        "jsonl_not_json": "{where}：不是有效的 JSON",
        "jsonl_no_id": "{where}：每一行都需要一个带“id”字段的 JSON 对象",
        "jsonl_field_type": "{where}：字段“{field}”必须是字符串",
        "jsonl_id_type": "{where}：“id”必须是字符串或整数",
        "duplicate_id": "文档编号“{doc}”同时出现在 {first} 和 {second} 中",
        "jsonl_id_empty": "{where}：“id”为空",
        "jsonl_id_long": "{where}：“id”超过 {limit} 个字符",
        "jsonl_id_control": "{where}：“id”含有控制字符",
        "file_not_utf8": "{name}：文件不是 UTF-8 文本：请另存为 UTF-8",
        "file_unreadable": "{name}：无法读取文件",
        "folder_unreadable": "{name}：无法读取文件夹（访问权限？）",
        "file_type": "{name}：不支持的文件类型（请使用 {types}）",
        "doc_not_text": "{source}：字段“{field}”不是有效的 Unicode 文本",
        "pdf_too_long": "{source}：共 {pages} 页；上限为 {limit} 页",
        "pdf_too_much_drawing": "{source}：该 PDF 各页的绘图指令超过 {limit}（页面每使用一次计一次），超出单个 PDF "
                                "可读取的上限：请拆分为较小的 PDF，或将其文字另存为 .txt 文件",
        "docx_too_big": "{source}：Word 文件解压后过大",
        "pdf_unreadable": "{source}：无法读取该 PDF 文件",
        "pdf_no_text": "{source}：该 PDF 没有文本层（扫描图像？）：请先进行文字识别（OCR），或以 .txt 文件添加其文字",
        "docx_unreadable": "{source}：无法读取该 Word (.docx) 文件",
        "docx_no_text": "{source}：该 Word 文件没有正文",
        "event_too_many_files": "一次提交了 {n} 个文件：每次最多 {limit} 个",
        "event_file_not_received": "{name}：不是上传到本服务器的文件：请重新上传",
        "event_file_twice": "{name}：在一次提交中出现了两次：每个文件只提交一次",
        "event_too_large": "请求过大：上限为 {limit} 字节",
        "event_too_slow": "请求未在 {seconds} 秒内送达",
        "upload_not_files": "上传只接受文件：表单字段 \"files\" 中带文件名的文件",
        "file_too_slow": "{source}：读取其文字超过 {limit} 秒，超出单个文件的上限：请拆分为较小的文件，"
                         "或将其文字另存为 .txt 文件",
        "file_too_big_to_read": "{source}：读取其文字需要超过 {limit} 内存，超出单个文件的上限：请拆分为较小的文件，"
                                "或将其文字另存为 .txt 文件",
        "trash_entry_gone": "要恢复的文件已不在回收站中（已在别处恢复或删除）",
        "file_gone": "{name} 已不在资料库中（刚在别处被修改？）：未做任何更改",
        "keep_minimum": "{doc}：资料库至少要保留 {n} 篇文档",
        "no_document": "资料库中没有文档“{doc}”",
        "linked_document": "{doc}：资料库中的 {links} 是指向其文件 {file} 的链接：请先删除链接",
        "api_hint": "通过 API 使用：POST /api/ask，以 JSON 发送，问题放在 \"query\" 字段",
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


def accepted_language(header: str, default: str | None = None) -> str | None:
    """The first of our interface languages a browser asks for in its ``Accept-Language`` header, by its q weights
    (q=0 is "not this one"; nan, inf and garbage are no weights), else ``default``."""
    asked = []
    for position, part in enumerate(header.split(",")):
        tag, *parameters = (piece.strip() for piece in part.split(";"))
        weights = [value.strip() for name, _, value in (p.partition("=") for p in parameters) if name.strip() == "q"]
        try:
            quality = float(weights[0]) if weights else 1.0
        except ValueError:
            continue
        if 0 < quality <= 1:
            asked.append((-quality, position, tag.split("-")[0].lower()))
    return next((code for _, _, code in sorted(asked) if code in LANGUAGES), default)


def interface_language(lang: str | None) -> str:
    """The interface language for a detected or chosen language: ``zh`` or ``vi``."""
    return "zh" if lang == "zh" else "vi"


def error_text(lang: str, error: Exception, english: str) -> str:
    """``error`` in the interface language of ``lang`` when it names an interface string (``BadInputError``'s
    ``key``), else ``english``: its English message as the caller made it fit to show."""
    key = getattr(error, "key", None)
    if key in TEXTS[interface_language(lang)]:
        return text(lang, key, **error.values)
    return english


def upload_label(lang: str, limit: str, files: int) -> str:
    """The upload box's label: the file types the corpus reads (``SUPPORTED_SUFFIXES``), the size limit and how many
    files one upload may bring."""
    types = [suffix for suffix in SUPPORTED_SUFFIXES if suffix != ".htm"]  # .html says it
    return text(lang, "upload", types=("、" if interface_language(lang) == "zh" else ", ").join(types), limit=limit,
                files=files)


def text(lang: str, key: str, **values: object) -> str:
    """The string ``key`` in the interface language of ``lang``, formatted with ``values``."""
    template = TEXTS[interface_language(lang)][key]
    return template.format(**values) if values else template
