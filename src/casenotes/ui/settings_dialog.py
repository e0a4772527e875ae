"""Settings: auto-lock, lock on minimise, privacy mode at start, theme, text size, how many
automatic backups to keep, for summaries the practitioner's country (phone numbers) and
their own terms that are never redacted, and for the clinical record the clinician profile
and how many years records are kept.

The dialog edits a copy of ``Settings``; the main window saves it (encrypted, in the vault)
with ``journal.save_settings`` and applies it."""

from __future__ import annotations

from dataclasses import replace

import phonenumbers
from PySide6.QtCore import QLocale, QRect, QSize
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from casenotes.core.deid.region import system_region
from casenotes.core.domain import Settings
from casenotes.ui.idle import MAX_MINUTES, MIN_MINUTES
from casenotes.ui.record_settings import RecordSettingsFields
from casenotes.ui.shared.screen_fit import available_area, fit_dialog, scrolling_body
from casenotes.ui.widgets import paragraph

THEMES = (("system", "Follow the system"), ("light", "Light"), ("dark", "Dark"))
FONT_SIZES = (0, 9, 10, 11, 12, 13, 14, 16, 18, 20, 24)
MIN_BACKUPS, MAX_BACKUPS = 1, 100


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._original = settings
        self.setWindowTitle("Settings")
        self.setMinimumWidth(460)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(18, 18, 18, 12)
        outer.setSpacing(12)
        # The settings scroll when the screen is too short for them (large text); Save and
        # Cancel stay in view below. The dialog opens as large as they ask (fit_to).
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        self.body_scroll = scrolling_body(body, horizontal=True)
        outer.addWidget(self.body_scroll, 1)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.setVerticalSpacing(10)

        self._build_locking(form, settings)
        self._build_appearance(form, settings)
        self._build_backups(form, settings)
        self._build_summaries(form, settings)
        # The clinical record: who signs, and how long records are kept.
        self.record_fields = RecordSettingsFields(form, settings, self._row)
        layout.addLayout(form)
        layout.addWidget(
            paragraph(
                "Settings are kept inside your encrypted vault. The theme and text size apply "
                "once the vault is unlocked.",
                small=True,
            )
        )
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setDefault(True)
        outer.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.auto_lock.setFocus()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        area = available_area(self)
        if area is not None:
            self.fit_to(area)

    def fit_to(self, available: QRect) -> None:
        """As large as the settings ask, within ``available`` (a screen's free area)."""
        body = self.body_scroll.widget()
        width = body.sizeHint().width() if body is not None else self.width()
        fit_dialog(self, self.body_scroll, available, width=width + 48)

    # ---- sections ----

    def _build_locking(self, form: QFormLayout, settings: Settings) -> None:
        self.auto_lock = QSpinBox()
        self.auto_lock.setRange(MIN_MINUTES, MAX_MINUTES)
        self.auto_lock.setSuffix(" minutes")
        self.auto_lock.setValue(min(max(settings.auto_lock_minutes, MIN_MINUTES), MAX_MINUTES))
        self.auto_lock.setAccessibleName("Lock after this many minutes without activity")
        self._row(form, "&Lock after", self.auto_lock, "without activity")

        self.lock_on_minimise = QCheckBox("Lock when the window is &minimised")
        self.lock_on_minimise.setChecked(settings.lock_on_minimise)
        form.addRow("", self.lock_on_minimise)

        self.privacy_at_start = QCheckBox("Start in &privacy mode (names hidden)")
        self.privacy_at_start.setChecked(settings.privacy_mode_at_start)
        self.privacy_at_start.setToolTip(
            "Privacy mode shows case codes and labels such as [Client] instead of names and "
            "other known details, for when your screen is shared or someone is nearby."
        )
        form.addRow("", self.privacy_at_start)

    def _build_appearance(self, form: QFormLayout, settings: Settings) -> None:
        self.theme = QComboBox()
        for key, text in THEMES:
            self.theme.addItem(text, key)
        index = self.theme.findData(settings.theme)
        self.theme.setCurrentIndex(max(index, 0))
        self.theme.setAccessibleName("Theme")
        self._row(form, "&Theme", self.theme)

        self.font_size = QComboBox()
        sizes = list(FONT_SIZES)
        if settings.font_size not in sizes and settings.font_size > 0:
            sizes.append(settings.font_size)
            sizes.sort()
        for size in sizes:
            self.font_size.addItem("Follow the system" if size == 0 else f"{size} pt", size)
        self.font_size.setCurrentIndex(max(self.font_size.findData(settings.font_size), 0))
        self.font_size.setAccessibleName("Text size")
        self._row(form, "Te&xt size", self.font_size)

    def _build_backups(self, form: QFormLayout, settings: Settings) -> None:
        self.backups_keep = QSpinBox()
        self.backups_keep.setRange(MIN_BACKUPS, MAX_BACKUPS)
        self.backups_keep.setValue(min(max(settings.backups_keep, MIN_BACKUPS), MAX_BACKUPS))
        self.backups_keep.setAccessibleName("Automatic backups to keep")
        self.backups_keep.setToolTip(
            "Casenotes keeps this many of its automatic backups (daily, and before a "
            "passphrase change, a restore or an update). Backups you take yourself are never "
            "deleted."
        )
        self._row(form, "&Backups to keep", self.backups_keep, "automatic backups")

    def _build_summaries(self, form: QFormLayout, settings: Settings) -> None:
        self.phone_region = QComboBox()
        self.phone_region.setAccessibleName("Country for phone numbers in summaries")
        for code, name in region_choices():
            self.phone_region.addItem(name, code)
        self.phone_region.setCurrentIndex(
            max(self.phone_region.findData(settings.phone_region.upper()), 0)
        )
        self.phone_region.setToolTip(
            "Summaries recognise phone numbers written the way people write them in this "
            "country, without a country code. Numbers from other countries are caught too."
        )
        self._row(form, "Phone &numbers from", self.phone_region)

        self.never_redact = TermsEdit("\n".join(settings.never_redact))
        self.never_redact.setTabChangesFocus(True)
        self.never_redact.setPlaceholderText(
            "One term a line, e.g. a model or group your practice uses"
        )
        self.never_redact.setAccessibleName("Terms that summaries never redact")
        self.never_redact.setAccessibleDescription(
            "One term per line. A name known to a case is still redacted."
        )
        self._row(form, "Ne&ver redact", self.never_redact)
        self.never_redact.setToolTip(
            "The field's own terms (laws, policy models, organisations, platforms, clinical "
            "models) are never redacted already; add the words of your practice here. A name "
            "or place known to a case is redacted all the same."
        )

    @staticmethod
    def _row(form: QFormLayout, text: str, field: QWidget, after: str = "") -> None:
        label = QLabel(text)
        label.setBuddy(field)
        if after:
            row = QHBoxLayout()
            row.setSpacing(8)
            row.addWidget(field)
            row.addWidget(QLabel(after))
            row.addStretch(1)
            form.addRow(label, row)
        else:
            form.addRow(label, field)

    def settings(self) -> Settings:
        """The edited settings; what the dialog does not show is kept as it was."""
        return replace(
            self._original,
            auto_lock_minutes=self.auto_lock.value(),
            lock_on_minimise=self.lock_on_minimise.isChecked(),
            privacy_mode_at_start=self.privacy_at_start.isChecked(),
            theme=str(self.theme.currentData()),
            font_size=int(self.font_size.currentData()),
            backups_keep=self.backups_keep.value(),
            phone_region=str(self.phone_region.currentData()),
            never_redact=_terms(self.never_redact.toPlainText()),
            **self.record_fields.values(),
        )


class TermsEdit(QPlainTextEdit):
    """A short list box sized by its own font, so it fits at every text size (the text
    size is applied after the dialog is built)."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        frame = 2 * self.frameWidth() + 12
        return QSize(
            metrics.horizontalAdvance("x" * 34) + frame, metrics.lineSpacing() * 3 + frame + 8
        )

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()


def _terms(text: str) -> list[str]:
    seen: dict[str, None] = {}
    for line in text.splitlines():
        term = " ".join(line.split())
        if term:
            seen.setdefault(term, None)
    return list(seen)


def region_choices() -> list[tuple[str, str]]:
    """("", "Follow the system (…)") first, then every country by its name in the UI's language."""
    system = system_region()
    named: list[tuple[str, str]] = []
    for code in sorted(phonenumbers.SUPPORTED_REGIONS):
        territory = QLocale.codeToTerritory(code)
        if territory == QLocale.Country.AnyTerritory:
            continue
        named.append((code, f"{QLocale.territoryToString(territory)} ({code})"))
    named.sort(key=lambda item: item[1].casefold())
    follow = f"Follow the system ({system})" if system else "Follow the system"
    return [("", follow), *named]
