"""Word outlines of the documents behind the forms (项目建议书, 可行性研究报告, 初步设计方案 with its
投资概算 table, 建设方案, 密码应用方案, 信创技术应用方案, 咨询评估报告): one definition per kind as
data under spec/outlines/, written as .docx with Word heading styles by `szqz outline`, offered on
the portal, and read by the validator to know which chapters an attached document must have."""
