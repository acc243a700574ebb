from .comments import comment_create, comment_reopen, comment_resolve, open_threads_page
from .detail import agreement_detail
from .documents import compare_docx, compare_pdf, version_docx, version_pdf
from .edit import editor, element_form, element_move, element_remove, overview_form
from .partner import partner_comment, partner_page
from .start import start
from .versions import compare, freeze, version_detail, version_list

__all__ = [
    "agreement_detail", "comment_create", "open_threads_page", "comment_reopen", "comment_resolve", "compare", "compare_docx", "compare_pdf",
    "editor", "element_form", "element_move", "element_remove", "freeze", "overview_form", "partner_comment",
    "partner_page", "start", "version_detail",
    "version_docx", "version_list", "version_pdf",
]
