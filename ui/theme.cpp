#include "theme.h"

#include <QCoreApplication>

namespace loopscope::ui {

namespace {

// Okabe & Ito's colour-blind-safe palette.
const QColor kOrange(0xE6, 0x9F, 0x00), kSky(0x56, 0xB4, 0xE9), kGreen(0x00, 0x9E, 0x73), kYellow(0xF0, 0xE4, 0x42),
    kBlue(0x00, 0x72, 0xB2), kVermillion(0xD5, 0x5E, 0x00), kPurple(0xCC, 0x79, 0xA7);

std::array<StateStyle, 8> statesFor(bool darkBackground, bool strong)
{
    const QColor hatch = darkBackground ? QColor(0, 0, 0, 150) : QColor(255, 255, 255, 170);
    const QColor edgeHatch = darkBackground ? QColor(255, 255, 255, 120) : QColor(0, 0, 0, 110);
    const int lighten = strong ? 100 : 135;
    return {{
        {darkBackground ? QColor(0x55, 0x5B, 0x66) : QColor(0xD9, 0xDC, 0xE1), Qt::Dense6Pattern, edgeHatch,
         QCoreApplication::translate("Theme", "created", "task state")},
        {kYellow, Qt::Dense5Pattern, edgeHatch, QCoreApplication::translate("Theme", "ready", "task state")},
        {kBlue, Qt::NoBrush, hatch, QCoreApplication::translate("Theme", "running", "task state")},
        {kSky.lighter(lighten), Qt::BDiagPattern, darkBackground ? QColor(0, 0, 0, 110) : QColor(0, 0x50, 0x80, 110),
         QCoreApplication::translate("Theme", "waiting", "task state")},
        {kVermillion, Qt::DiagCrossPattern, hatch, QCoreApplication::translate("Theme", "blocked", "task state")},
        {kGreen, Qt::NoBrush, hatch, QCoreApplication::translate("Theme", "done", "task state")},
        {kPurple, Qt::CrossPattern, hatch, QCoreApplication::translate("Theme", "failed", "task state")},
        {darkBackground ? QColor(0x80, 0x80, 0x80) : QColor(0xA0, 0xA0, 0xA0), Qt::FDiagPattern, hatch,
         QCoreApplication::translate("Theme", "cancelled", "task state")},
    }};
}

std::vector<QColor> taskPalette()
{
    return {kBlue, kOrange, kGreen, kPurple, kVermillion, kSky, QColor(0x88, 0x77, 0x33), kYellow.darker(130)};
}

Theme makeLight()
{
    Theme t;
    t.id = QStringLiteral("light");
    t.name = QCoreApplication::translate("Theme", "Light", "colour theme");
    t.background = QColor(0xFA, 0xFA, 0xFB);
    t.surface = QColor(0xFF, 0xFF, 0xFF);
    t.text = QColor(0x1E, 0x22, 0x28);
    t.mutedText = QColor(0x5F, 0x66, 0x70);
    t.grid = QColor(0xE3, 0xE6, 0xEA);
    t.axis = QColor(0x8A, 0x91, 0x9A);
    t.cursor = QColor(0xC0, 0x1F, 0x3C);
    t.accent = kBlue;
    t.selection = QColor(0x00, 0x72, 0xB2, 60);
    t.warning = QColor(0xA6, 0x5E, 0x00);
    t.error = QColor(0xB0, 0x1E, 0x2D);
    t.stall = QColor(0xD5, 0x5E, 0x00, 55);
    t.lateness = kVermillion;
    t.loopBusy = kBlue;
    t.loopIdle = QColor(0xE8, 0xEB, 0xEF);
    t.wakeArrow = QColor(0x44, 0x4B, 0x55);
    t.states = statesFor(false, false);
    t.taskColors = taskPalette();
    return t;
}

Theme makeDark()
{
    Theme t = makeLight();
    t.id = QStringLiteral("dark");
    t.name = QCoreApplication::translate("Theme", "Dark", "colour theme");
    t.background = QColor(0x1B, 0x1E, 0x23);
    t.surface = QColor(0x24, 0x28, 0x2E);
    t.text = QColor(0xE6, 0xE8, 0xEB);
    t.mutedText = QColor(0xA0, 0xA6, 0xAE);
    t.grid = QColor(0x33, 0x38, 0x40);
    t.axis = QColor(0x80, 0x87, 0x90);
    t.cursor = QColor(0xFF, 0x6B, 0x81);
    t.accent = kSky;
    t.selection = QColor(0x56, 0xB4, 0xE9, 70);
    t.warning = QColor(0xF0, 0xB4, 0x40);
    t.error = QColor(0xFF, 0x70, 0x70);
    t.stall = QColor(0xD5, 0x5E, 0x00, 80);
    t.loopBusy = kSky;
    t.loopIdle = QColor(0x2E, 0x33, 0x3A);
    t.wakeArrow = QColor(0xC8, 0xCC, 0xD2);
    t.states = statesFor(true, false);
    return t;
}

Theme makeContrast()
{
    Theme t = makeLight();
    t.id = QStringLiteral("contrast");
    t.name = QCoreApplication::translate("Theme", "High contrast", "colour theme");
    t.background = Qt::white;
    t.surface = Qt::white;
    t.text = Qt::black;
    t.mutedText = QColor(0x20, 0x20, 0x20);
    t.grid = QColor(0xB0, 0xB0, 0xB0);
    t.axis = Qt::black;
    t.cursor = QColor(0xC0, 0x00, 0x00);
    t.accent = QColor(0x00, 0x3C, 0x8C);
    t.selection = QColor(0x00, 0x3C, 0x8C, 90);
    t.warning = QColor(0x7A, 0x40, 0x00);
    t.error = QColor(0x9A, 0x00, 0x00);
    t.stall = QColor(0xD5, 0x5E, 0x00, 90);
    t.loopIdle = QColor(0xE0, 0xE0, 0xE0);
    t.wakeArrow = Qt::black;
    t.states = statesFor(false, true);
    for (auto& s : t.states)
        s.patternColor = QColor(0, 0, 0, 200);
    return t;
}

Theme makePrint()
{
    Theme t = makeLight();
    t.id = QStringLiteral("print");
    t.name = QCoreApplication::translate("Theme", "Print", "colour theme");
    t.background = Qt::white;
    t.surface = Qt::white;
    t.loopIdle = QColor(0xF2, 0xF2, 0xF2);
    t.stall = QColor(0xD5, 0x5E, 0x00, 40);
    t.states = statesFor(false, false);
    // No dark fills on paper: running is a mid blue, and patterns carry the rest.
    t.states[static_cast<std::size_t>(TaskPhase::Running)].fill = kBlue.lighter(150);
    t.loopBusy = kBlue.lighter(150);
    return t;
}

} // namespace

QBrush Theme::patternBrush(TaskPhase phase) const
{
    const StateStyle& s = state(phase);
    return s.pattern == Qt::NoBrush ? QBrush() : QBrush(s.patternColor, s.pattern);
}

QPalette Theme::palette() const
{
    QPalette p;
    p.setColor(QPalette::Window, background);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, surface);
    p.setColor(QPalette::AlternateBase, background);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, surface);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::Highlight, accent);
    p.setColor(QPalette::HighlightedText, id == QLatin1String("dark") ? QColor(Qt::black) : QColor(Qt::white));
    p.setColor(QPalette::ToolTipBase, surface);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, mutedText);
    p.setColor(QPalette::Link, accent);
    p.setColor(QPalette::Disabled, QPalette::Text, mutedText);
    p.setColor(QPalette::Disabled, QPalette::WindowText, mutedText);
    p.setColor(QPalette::Disabled, QPalette::ButtonText, mutedText);
    return p;
}

const Theme& Theme::light()
{
    static const Theme t = makeLight();
    return t;
}
const Theme& Theme::dark()
{
    static const Theme t = makeDark();
    return t;
}
const Theme& Theme::contrast()
{
    static const Theme t = makeContrast();
    return t;
}
const Theme& Theme::print()
{
    static const Theme t = makePrint();
    return t;
}

const std::vector<const Theme*>& Theme::all()
{
    static const std::vector<const Theme*> themes = {&light(), &dark(), &contrast(), &print()};
    return themes;
}

const Theme* Theme::byId(const QString& id)
{
    for (const Theme* t : all())
        if (t->id == id)
            return t;
    return nullptr;
}

} // namespace loopscope::ui
