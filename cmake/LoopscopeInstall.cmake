# Install rules and the Debian package for Loopscope.
#
# Included from the top-level CMakeLists.txt after the targets are defined:
#
#     include(cmake/LoopscopeInstall.cmake)
#
# Then, for example:
#
#     cmake --build --preset release
#     DESTDIR=/tmp/stage cmake --install build/release --prefix /usr
#     cd build/release && cpack                 # loopscope_<version>_<arch>.deb
#
# What goes where (prefix /usr):
#     bin/loopscope                                          the application
#     lib/loopscope/libloopscope_*.so                        its libraries, when built shared (dev, asan)
#     share/loopscope/recorder/loopscope_recorder/           the Python recorder
#     share/applications/io.github.loopscope.Loopscope.desktop
#     share/metainfo/io.github.loopscope.Loopscope.metainfo.xml
#     share/icons/hicolor/<N>x<N>/apps/io.github.loopscope.Loopscope.png, scalable/apps/….svg
#     share/man/man1/loopscope.1.gz
#     share/bash-completion/completions/loopscope

if(NOT TARGET loopscope)
  return() # the core-only build has no application to install
endif()

include(GNUInstallDirs)

set(LOOPSCOPE_APP_ID io.github.loopscope.Loopscope)
set(_loopscope_resources ${PROJECT_SOURCE_DIR}/resources)

# The application. Built with shared libraries (the dev and asan presets), its own libraries go to
# lib/loopscope, private to it, where its RPATH ($ORIGIN/../lib/loopscope) finds them.
install(TARGETS loopscope RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
if(LOOPSCOPE_SHARED_LIBS)
  install(TARGETS loopscope_core loopscope_live loopscope_lessons loopscope_ui loopscope_appbase loopscope_cli
                  loopscope_app
          LIBRARY DESTINATION ${LOOPSCOPE_INSTALL_LIBDIR})
endif()

# The recorder. An installed binary looks for it in <its folder>/../share/loopscope/recorder
# (recorderDirectory() in app/programrecorder.cpp): the two paths below must agree.
set(LOOPSCOPE_INSTALL_RECORDERDIR ${CMAKE_INSTALL_DATADIR}/loopscope/recorder)
file(RELATIVE_PATH _loopscope_recorder_from_bin
     ${CMAKE_INSTALL_FULL_BINDIR} ${CMAKE_INSTALL_FULL_DATADIR}/loopscope/recorder)
if(NOT _loopscope_recorder_from_bin STREQUAL "../share/loopscope/recorder")
  message(WARNING "Loopscope: with these install folders the recorder lands in "
                  "${CMAKE_INSTALL_FULL_DATADIR}/loopscope/recorder, which the installed binary will not find "
                  "(it looks in <bindir>/../share/loopscope/recorder); set LOOPSCOPE_RECORDER_DIR at run time "
                  "or keep CMAKE_INSTALL_BINDIR=bin and CMAKE_INSTALL_DATADIR=share")
endif()
install(DIRECTORY ${PROJECT_SOURCE_DIR}/recorder/loopscope_recorder
        DESTINATION ${LOOPSCOPE_INSTALL_RECORDERDIR}
        PATTERN "__pycache__" EXCLUDE
        PATTERN "*.pyc" EXCLUDE
        PATTERN "*.pyo" EXCLUDE)

# Icons: the PNGs rendered from the SVG (resources/icons/render-pngs.sh), and the SVG itself.
foreach(_size 16 22 24 32 48 64 128 256 512)
  install(FILES ${_loopscope_resources}/icons/hicolor/${_size}x${_size}/apps/${LOOPSCOPE_APP_ID}.png
          DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${_size}x${_size}/apps)
endforeach()
install(FILES ${_loopscope_resources}/icons/loopscope.svg
        DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps
        RENAME ${LOOPSCOPE_APP_ID}.svg)

# The licence, where Debian keeps each package's.
install(FILES ${PROJECT_SOURCE_DIR}/LICENSE DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/loopscope RENAME copyright)

# The menu entry and the software centre's description.
install(FILES ${_loopscope_resources}/${LOOPSCOPE_APP_ID}.desktop
        DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${_loopscope_resources}/${LOOPSCOPE_APP_ID}.metainfo.xml
        DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)

# The manual page, compressed at build time as Debian policy prefers (-n: no name or time stamp
# in the header, so the same page gives the same bytes). Without gzip it is installed as it is.
find_program(LOOPSCOPE_GZIP gzip)
if(LOOPSCOPE_GZIP)
  set(_loopscope_man_gz ${CMAKE_CURRENT_BINARY_DIR}/man/loopscope.1.gz)
  add_custom_command(
    OUTPUT ${_loopscope_man_gz}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_CURRENT_BINARY_DIR}/man
    COMMAND ${CMAKE_COMMAND} -E copy ${_loopscope_resources}/loopscope.1 ${CMAKE_CURRENT_BINARY_DIR}/man/loopscope.1
    COMMAND ${LOOPSCOPE_GZIP} -9 -n -f ${CMAKE_CURRENT_BINARY_DIR}/man/loopscope.1
    DEPENDS ${_loopscope_resources}/loopscope.1
    COMMENT "Compressing the manual page"
    VERBATIM)
  add_custom_target(loopscope_manpage ALL DEPENDS ${_loopscope_man_gz})
  install(FILES ${_loopscope_man_gz} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
else()
  install(FILES ${_loopscope_resources}/loopscope.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
endif()

# Shell completion, loaded by bash-completion when `loopscope` is first completed.
install(FILES ${_loopscope_resources}/completion/loopscope.bash
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
        RENAME loopscope)

# The Debian package (cpack in the build folder).
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME loopscope)
set(CPACK_PACKAGE_VENDOR "Loopscope developers")
set(CPACK_PACKAGE_CONTACT "Loopscope developers <loopscope@users.noreply.github.com>")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_HOMEPAGE_URL "https://github.com/loopscope/loopscope")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "visual teacher for Python asyncio event loops")
string(CONCAT CPACK_PACKAGE_DESCRIPTION
       "Loopscope runs coroutines on an event loop of its own, with the semantics of\n"
       "Python's asyncio on a deterministic virtual clock, and draws what the loop\n"
       "does: a timeline lane per task, the points where tasks yield, the stalls\n"
       "blocking calls cause, and how gather, locks, semaphores and queues make\n"
       "tasks wait. Twenty-two lessons can be played and stepped event by event,\n"
       "some also on real time; runs can be saved, opened again and exported as\n"
       "PNG, SVG, PDF or a Perfetto trace, from the window or the command line.\n"
       "With python3 installed it also records a user's own asyncio program on\n"
       "CPython and shows it the same way, and draws a lesson's listing run on\n"
       "CPython under the lesson's own run, to compare the two.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
# The package carries the program, not its debugging symbols.
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "Loopscope developers <loopscope@users.noreply.github.com>")
set(CPACK_DEBIAN_PACKAGE_SECTION education)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
# Debian 12's runtime libraries for what the binary links (readelf -d: NEEDED), with the versions
# dpkg-shlibdeps computes for them. QCoro's core library and the Qt platform plugins (xcb,
# offscreen) come in with these packages.
set(CPACK_DEBIAN_PACKAGE_DEPENDS
    "libc6 (>= 2.35), libgcc-s1 (>= 3.0), libstdc++6 (>= 12), zlib1g (>= 1:1.2.0), libqt6core6 (>= 6.4.0), libqt6gui6 (>= 6.2.0), libqt6widgets6 (>= 6.3.0), libqt6network6 (>= 6.1.2), libqt6svg6 (>= 6.2.0), libqcoro6network0 (>= 0.4.0)")
# Python is needed only to record a user's own program or compare a lesson with CPython;
# everything else works without it.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "python3 (>= 3.11)")
# Without it Qt draws through XWayland on a Wayland desktop.
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "qt6-wayland")
include(CPack)
