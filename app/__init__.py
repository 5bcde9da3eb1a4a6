"""ReviewDesk 政务信息化项目评审工作台."""

__version__ = "0.1.0"
