# The translation template: every tr() text of the window and the command line, gathered by
# lupdate (Debian: qt6-l10n-tools) into <build>/translations/loopscope.ts on every build. A
# translator copies it to loopscope_<lang>.ts, translates it in Qt Linguist, and lrelease makes the
# .qm the app loads for that locale (app/translations.h).

if(NOT TARGET loopscope)
  return()
endif()

find_program(LOOPSCOPE_LUPDATE NAMES lupdate lupdate-qt6 HINTS /usr/lib/qt6/bin)
if(NOT LOOPSCOPE_LUPDATE)
  message(STATUS "lupdate not found (Debian package qt6-l10n-tools): no translation template is made")
  return()
endif()

set(LOOPSCOPE_TRANSLATION_TEMPLATE ${CMAKE_BINARY_DIR}/translations/loopscope.ts)
add_custom_target(loopscope_translation_template ALL
  COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/translations
  COMMAND ${LOOPSCOPE_LUPDATE} -silent -no-obsolete -locations relative
          ${PROJECT_SOURCE_DIR}/app ${PROJECT_SOURCE_DIR}/ui -ts ${LOOPSCOPE_TRANSLATION_TEMPLATE}
  BYPRODUCTS ${LOOPSCOPE_TRANSLATION_TEMPLATE}
  COMMENT "Gathering the texts to translate into translations/loopscope.ts"
  VERBATIM)
if(TARGET tst_translations)
  add_dependencies(tst_translations loopscope_translation_template) # it reads the template
endif()
