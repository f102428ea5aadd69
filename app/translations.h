#pragma once
// The window's language follows the system locale: Loopscope's own translations
// (loopscope_<lang>.qm) and Qt's (qtbase_<lang>.qm, for its standard dialogs and buttons) are
// installed when there are any for the locale; without them every text stays English.

#include <QLocale>
#include <QStringList>

namespace loopscope::app {

// Where Loopscope's .qm files are looked for: $LOOPSCOPE_TRANSLATIONS_DIR, the installed share
// folder beside the binary, and the ones built into the binary (:/translations).
QStringList translationDirectories();

// Installs the translators for `locale` on the running application; returns how many were found.
int installTranslations(const QLocale& locale = QLocale::system(), const QStringList& directories = translationDirectories());

} // namespace loopscope::app
