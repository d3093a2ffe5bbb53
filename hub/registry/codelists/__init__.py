"""Code lists with versions, validity dates and crosswalks."""
