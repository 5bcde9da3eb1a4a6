"""The regulation the product implements, named exactly as its title reads (issue 11, 12).

《重庆市江津区区级政务信息化项目管理办法》, issued with 江津府办发〔2022〕154号 (the title line of
/work/shared/regulation/jiangjin-2022-154.txt). Every place that names it — the About box, the
Word replies, the expert opinions — takes it from here.
"""

from __future__ import annotations

TITLE = "重庆市江津区区级政务信息化项目管理办法"
NUMBER = "江津府办发〔2022〕154号"
#: the title in 书名号, as a document cites it
CITED_TITLE = f"《{TITLE}》"
#: title and document number: 《…管理办法》（江津府办发〔2022〕154号）
FULL = f"{CITED_TITLE}（{NUMBER}）"
