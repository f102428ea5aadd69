#pragma once
// Exceptions named and worded like Python's, so a lesson's failure reads the same in the
// C++ program as in its asyncio listing ("TimeoutError", "RuntimeError: ...").

#include <exception>
#include <memory>
#include <string>
#include <vector>

namespace loopscope {

class PyException : public std::exception
{
public:
    PyException(std::string type, std::string message)
        : m_type(std::move(type)), m_message(std::move(message)), m_what(describeParts(m_type, m_message))
    {
    }
    const char* what() const noexcept override { return m_what.c_str(); }
    const std::string& typeName() const { return m_type; }
    const std::string& message() const { return m_message; }

    // "ValueError: boom", or just "TimeoutError" when there is no message, as Python prints it.
    static std::string describeParts(const std::string& type, const std::string& message)
    {
        return message.empty() ? type : type + ": " + message;
    }

private:
    std::string m_type;
    std::string m_message;
    std::string m_what;
};

#define LOOPSCOPE_PY_EXCEPTION(Name, Base)                                                        \
    class Name : public Base                                                                    \
    {                                                                                           \
    public:                                                                                     \
        explicit Name(std::string message = {}) : Base(#Name, std::move(message)) {}            \
                                                                                                \
    protected:                                                                                  \
        Name(std::string type, std::string message) : Base(std::move(type), std::move(message)) \
        {                                                                                       \
        }                                                                                       \
    };

// CancelledError derives from BaseException in Python 3.8+, not from Exception: a plain
// `catch (const Exception&)` must not swallow it, just as `except Exception` does not.
LOOPSCOPE_PY_EXCEPTION(BaseException, PyException)
LOOPSCOPE_PY_EXCEPTION(CancelledError, BaseException)
LOOPSCOPE_PY_EXCEPTION(Exception, BaseException)
LOOPSCOPE_PY_EXCEPTION(RuntimeError, Exception)
LOOPSCOPE_PY_EXCEPTION(ValueError, Exception)
LOOPSCOPE_PY_EXCEPTION(TimeoutError, Exception)
LOOPSCOPE_PY_EXCEPTION(InvalidStateError, Exception)
LOOPSCOPE_PY_EXCEPTION(ConnectionError, Exception)
LOOPSCOPE_PY_EXCEPTION(QueueEmpty, Exception)
LOOPSCOPE_PY_EXCEPTION(QueueFull, Exception)
LOOPSCOPE_PY_EXCEPTION(StopAsyncIteration, Exception)

#undef LOOPSCOPE_PY_EXCEPTION

// Python 3.11's ExceptionGroup, as raised by a TaskGroup: it carries every child's failure.
class ExceptionGroup : public Exception
{
public:
    ExceptionGroup(std::string message, std::vector<std::exception_ptr> exceptions)
        : Exception("ExceptionGroup", withCount(message, exceptions.size())), m_exceptions(std::move(exceptions))
    {
    }
    const std::vector<std::exception_ptr>& exceptions() const { return m_exceptions; }

private:
    static std::string withCount(const std::string& message, std::size_t n)
    {
        return message + " (" + std::to_string(n) + " sub-exception" + (n == 1 ? "" : "s") + ")";
    }
    std::vector<std::exception_ptr> m_exceptions;
};

// "TypeName: message" for any exception, the way a traceback's last line reads.
std::string describeException(const std::exception_ptr& error);

// True when the exception is a CancelledError.
bool isCancellation(const std::exception_ptr& error);

} // namespace loopscope
