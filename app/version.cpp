#include "version.h"

#include <QtGlobal>

namespace loopscope::app {

QString loopscopeVersion()
{
    return QStringLiteral(LOOPSCOPE_VERSION);
}

QString qcoroVersion()
{
    return QStringLiteral(LOOPSCOPE_QCORO_VERSION);
}

QString licenceName()
{
    return QStringLiteral("MIT");
}

QString versionReport()
{
    return QStringLiteral("loopscope %1\nQt %2 (built with %3)\nQCoro %4\nLicence: %5")
        .arg(loopscopeVersion(), QString::fromLatin1(qVersion()), QStringLiteral(QT_VERSION_STR), qcoroVersion(),
             licenceName());
}

} // namespace loopscope::app
