#include "translations.h"

#include <QCoreApplication>
#include <QDir>
#include <QLibraryInfo>
#include <QTranslator>

namespace loopscope::app {

QStringList translationDirectories()
{
    QStringList dirs;
    if (const QString env = qEnvironmentVariable("LOOPSCOPE_TRANSLATIONS_DIR"); !env.isEmpty())
        dirs << env;
    dirs << QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("../share/loopscope/translations"))
         << QStringLiteral(":/translations");
    return dirs;
}

int installTranslations(const QLocale& locale, const QStringList& directories)
{
    int installed = 0;
    auto tryLoad = [&](const QString& name, const QString& directory) {
        auto* translator = new QTranslator(QCoreApplication::instance());
        // QTranslator tries "name_de_DE", then "name_de", for the locale's languages in order.
        if (translator->load(locale, name, QStringLiteral("_"), directory) &&
            QCoreApplication::installTranslator(translator)) {
            ++installed;
            return true;
        }
        delete translator;
        return false;
    };
    tryLoad(QStringLiteral("qtbase"), QLibraryInfo::path(QLibraryInfo::TranslationsPath));
    for (const QString& directory : directories)
        if (tryLoad(QStringLiteral("loopscope"), directory))
            break; // the first place that has one wins, as a venv shadows a system install
    return installed;
}

} // namespace loopscope::app
