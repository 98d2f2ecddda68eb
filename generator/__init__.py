"""“数字钦州”建设项目申报材料规范 (钦政办规〔2024〕1号): validate dossiers, render printable forms
and build the guidance portal, all from the one spec under spec/."""

__version__ = "1.0.0"
