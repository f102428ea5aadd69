#pragma once
// What this build is: Loopscope's own version and those of the libraries it was built with and
// runs on, for `loopscope --version` and Help → About.

#include <QString>

namespace loopscope::app {

QString loopscopeVersion();   // "0.4.0"
QString qcoroVersion();       // the QCoro it was built against
QString licenceName();        // the licence Loopscope is released under
// "loopscope 0.4.0" and a line each for Qt (run and built) and QCoro.
QString versionReport();

} // namespace loopscope::app
